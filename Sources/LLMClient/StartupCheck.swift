/// What one look at the endpoint before the first request found: a wrong key, model or base path is a
/// configuration error to stop on; an outage may pass, so a long-running filter keeps going.
public enum StartupCheck: Sendable, Hashable {
    /// Something answered as an OpenAI-compatible API would.
    case ready
    /// Nothing answered, or it failed in a way that may pass (connection refused, timeout, 5xx).
    case unreachable(String)
    /// It answered 401, 403 or 404: the key, the model or the base URL is wrong, and retrying will not help.
    case misconfigured(String)

    /// The problem to report, nil when ready.
    public var problem: String? {
        switch self {
        case .ready: return nil
        case .unreachable(let message), .misconfigured(let message): return message
        }
    }
}
