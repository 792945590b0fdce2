import RerankCore

/// One input line's answer before it is written: a ranking (degraded or not) or an error. Every face of `serve`
/// writes it as the same line; the HTTP face also reads its status and costs for the response code and metrics.
public enum ServeAnswer: Sendable {
    /// A ranking: every candidate once, possibly degraded to the upstream order.
    case ranked(RerankResponse)
    /// The line could not be ranked; the error names the field and what to send instead.
    case refused(ErrorResponse)

    /// The answer line: the compact JSON the stdin path writes.
    public var line: String {
        switch self {
        case .ranked(let response): ServeLoop.encode(response)
        case .refused(let error): ServeLoop.encode(error)
        }
    }
}
