import JSONLines

/// An item that was asked a reason for and got none after one regeneration, and why.
public struct OmittedReason: Sendable, Hashable, OutputJSONConvertible {
    public var id: String
    /// What was wrong the last time: "missing", "longer than 200 characters", "deadline reached", ….
    public var problem: String
    /// The text rule the last reason broke, when that is why it is omitted.
    public var rule: TextRule?

    public init(id: String, problem: String, rule: TextRule? = nil) {
        self.id = id
        self.problem = problem
        self.rule = rule
    }

    public var outputJSON: OutputJSON {
        var members: [(String, OutputJSON)] = [("id", .string(id)), ("problem", .string(problem))]
        if let rule { members.append(("rule", .string(rule.rawValue))) }
        return .object(members)
    }
}
