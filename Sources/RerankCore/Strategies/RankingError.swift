import LLMClient

/// Why a call, or a whole ranking, could not use the model. The endpoint's own failures keep the client's
/// error; the others are the ranking's and never pass for HTTP errors. `message` is what diagnostics and
/// `degraded_reason` say.
public enum RankingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The endpoint failed, after the client's retries.
    case endpoint(LLMClientError)
    /// A prompt template failed to render, so the call was never made.
    case template(message: String)
    /// The call ended with an error the client does not name, such as the task being cancelled.
    case interrupted(message: String)
    /// Calls were made, but none gave an answer the strategy could use.
    case noAnswer(message: String)

    /// A template that failed to render, in the words the error gives.
    static func template(_ error: any Error) -> RankingError { .template(message: "\(error)") }

    /// What went wrong, free of secrets.
    public var message: String {
        switch self {
        case .endpoint(let error): return error.message
        case .template(let message), .interrupted(let message), .noAnswer(let message): return message
        }
    }

    /// Attempts made at the endpoint: the client's count for its failures, 1 for the rest.
    public var attempts: Int {
        if case .endpoint(let error) = self { return error.attempts }
        return 1
    }

    /// The message, so the error reads the same wherever it is printed.
    public var description: String { message }
}
