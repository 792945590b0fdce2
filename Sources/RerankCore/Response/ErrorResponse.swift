/// The answer to a line that could not be ranked.
public struct ErrorResponse: Sendable, Hashable, OutputJSONConvertible {
    public var id: String?
    public var error: Body

    public struct Body: Sendable, Hashable {
        public var code: String
        public var message: String
    }

    public init(_ error: RequestError) {
        self.id = error.id
        self.error = Body(code: error.code.rawValue, message: error.message)
    }
}

extension ErrorResponse {
    public var outputJSON: OutputJSON {
        .object([
            ("id", id.outputJSON),
            ("error", .object([("code", .string(error.code)), ("message", .string(error.message))])),
        ])
    }
}
