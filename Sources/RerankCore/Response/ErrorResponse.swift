import JSONLines

/// The answer to a line that could not be ranked.
public struct ErrorResponse: Sendable, Hashable, OutputJSONConvertible {
    public var id: String?
    public var error: Body

    public struct Body: Sendable, Hashable {
        public var code: String
        public var message: String
    }

    /// An error that is not about the request's fields, such as an HTTP face refusing a request before it is
    /// read: the same envelope, so a client reads every error one way.
    public init(id: String? = nil, code: String, message: String) {
        self.id = id
        self.error = Body(code: code, message: message)
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
