/// An item that was asked a reason for and got none after one regeneration, and why.
public struct OmittedReason: Sendable, Hashable, OutputJSONConvertible {
    public var id: String
    /// What was wrong the last time: "missing", "longer than 200 characters", "deadline reached", ….
    public var problem: String

    public init(id: String, problem: String) {
        self.id = id
        self.problem = problem
    }

    public var outputJSON: OutputJSON {
        .object([("id", .string(id)), ("problem", .string(problem))])
    }
}
