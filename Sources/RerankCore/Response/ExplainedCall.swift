/// A prompt that was sent and what came back, for `options.explain`.
public struct ExplainedCall: Sendable, Hashable, OutputJSONConvertible {
    public var purpose: String
    public var messages: [ExplainedMessage]
    public var output: String?
    public var error: String?

    public struct ExplainedMessage: Sendable, Hashable {
        public var role: String
        public var content: String
    }
}

extension ExplainedCall {
    public var outputJSON: OutputJSON {
        .object([
            ("purpose", .string(purpose)),
            ("messages", .array(messages.map { .object([("role", .string($0.role)), ("content", .string($0.content))]) })),
            ("output", output.outputJSON),
            ("error", error.outputJSON),
        ])
    }
}
