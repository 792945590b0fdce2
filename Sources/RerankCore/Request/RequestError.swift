/// Why a request line cannot be ranked; answered as `{"id": ..., "error": {"code": ..., "message": ...}}`.
public struct RequestError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The line is not JSON, or not a JSON object.
        case invalidJSON = "invalid_json"
        /// The line is longer than `serve.max_line_bytes`.
        case lineTooLong = "line_too_long"
        /// A required field is absent.
        case missingField = "missing_field"
        /// A field has the wrong type or an unusable value.
        case invalidField = "invalid_field"
        /// A field this version does not know, most often a typo.
        case unknownField = "unknown_field"
        /// Two candidates share an id.
        case duplicateCandidate = "duplicate_candidate"
        /// More candidates than `serve.max_candidates`.
        case tooManyCandidates = "too_many_candidates"
        /// A score line's list holds more elements than `ScoreRequest.maxElements`.
        case tooManyElements = "too_many_elements"
        /// The request's options would need more model calls than `serve.max_calls_per_request`.
        case tooCostly = "too_costly"
        /// Something failed inside the service; the message says what.
        case internalError = "internal_error"
    }

    public var code: Code
    public var message: String
    /// The request's id, when it could be read.
    public var id: String?

    public init(_ code: Code, _ message: String, id: String? = nil) {
        self.code = code
        self.message = message
        self.id = id
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

extension RequestError {
    /// A line longer than `serve.max_line_bytes`, worded once for `serve`, `rerank`, `reasons` and `creatives`
    /// alike: its length and the limit, named by the key that raises it.
    public static func lineTooLong(bytes: Int, limit: Int, id: String? = nil) -> RequestError {
        RequestError(.lineTooLong, "the line has \(bytes) bytes, more than serve.max_line_bytes (\(limit))", id: id)
    }
}
