import Hummingbird

/// The paths `serve --http` answers, each with the one method it takes. Anything else is 404, or 405 with
/// `Allow` for a known path and another method.
enum HTTPRoute: String, CaseIterable, Sendable {
    case rerank = "/v1/rerank"
    case batch = "/v1/rerank/batch"
    case health = "/healthz"
    case ready = "/readyz"
    case metrics = "/metrics"

    var method: HTTPRequest.Method {
        switch self {
        case .rerank, .batch: .post
        case .health, .ready, .metrics: .get
        }
    }

    /// Whether the bearer token, when one is set, is required. Health and readiness stay open for the probes
    /// of an orchestrator, which carry no secrets; they tell nothing about the requests.
    var needsToken: Bool {
        switch self {
        case .rerank, .batch, .metrics: true
        case .health, .ready: false
        }
    }

    /// The media types the route's body may be sent as; nil for a route without a body.
    var acceptedMediaTypes: Set<String>? {
        switch self {
        case .rerank: ["application/json"]
        case .batch: ["application/x-ndjson", "application/jsonl"]
        case .health, .ready, .metrics: nil
        }
    }

    /// Whether the server paces the body's reading itself. A batch is read as its lines are ranked, so reading it
    /// takes as long as ranking it: only silence (the idle timeout) bounds it, not `serve.http_read_timeout_s`.
    var readsBodyAsItRanks: Bool { self == .batch }
}
