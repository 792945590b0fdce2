import JSONLines

/// The scores of one element of a judged list.
public struct ElementScore: Sendable, Hashable, OutputJSONConvertible {
    public var id: String
    /// In [0, 1], from the relevance backend.
    public var relevance: Double
    /// The relevance, or 0 when the element breaks a hard constraint.
    public var reward: Double
    /// nil when no hard constraints apply.
    public var passes: Bool?
    public var violations: [String]

    public init(id: String, relevance: Double, reward: Double, passes: Bool? = nil, violations: [String] = []) {
        self.id = id
        self.relevance = relevance
        self.reward = reward
        self.passes = passes
        self.violations = violations
    }

    public var outputJSON: OutputJSON {
        var members: [(String, OutputJSON)] = [
            ("id", .string(id)), ("relevance", .double(Rounding.score(relevance))), ("reward", .double(Rounding.score(reward))),
        ]
        if let passes {
            members.append(("passes", .bool(passes)))
            members.append(("violations", .array(violations.map(OutputJSON.string))))
        }
        return .object(members)
    }
}
