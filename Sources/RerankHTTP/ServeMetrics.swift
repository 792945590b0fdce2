import Metrics
import Prometheus
import RerankCore
import RerankRuntime

/// What `serve --http` counts, exported at `/metrics` in the Prometheus text format. The metrics are made from
/// a factory of their own rather than the process-wide `MetricsSystem`, so two servers in one process (tests)
/// never share counts.
public final class ServeMetrics: Sendable {
    /// How a request ended, the `outcome` label of `rerank_requests_total`.
    public enum Outcome: String, Sendable {
        /// A ranking the model made.
        case ranked
        /// The upstream order, because the endpoint could not be used.
        case degraded
        /// An error answer: 400, 413 or 415.
        case error
        /// 429: the in-flight bound was full.
        case busy
        /// 401: no or a wrong bearer token.
        case unauthorized
        /// 503: the server was draining.
        case draining
    }

    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let inFlight: Meter

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        ]
        self.factory = factory
        inFlight = Meter(label: "rerank_requests_in_flight", factory: factory)
    }

    /// A request admitted to ranking starts; `finished` ends it.
    func started() { inFlight.increment() }

    func finished() { inFlight.decrement() }

    /// Counts one rerank answer and its costs.
    func record(_ answer: ServeAnswer, seconds: Double) {
        switch answer {
        case .refused:
            count(.error, strategy: "none")
        case .ranked(let response):
            let strategy = response.diagnostics.strategy
            let dimensions = [("strategy", strategy)]
            count(response.degraded ? .degraded : .ranked, strategy: strategy)
            Timer(label: "rerank_request_duration_seconds", dimensions: dimensions, factory: factory)
                .recordNanoseconds(Int64(seconds * 1e9))
            let counters = response.diagnostics.counters
            add("rerank_llm_calls_total", counters.llmCalls, dimensions)
            add("rerank_llm_failed_calls_total", counters.failedCalls, dimensions)
            add("rerank_prompt_tokens_total", counters.promptTokens, dimensions)
            add("rerank_cached_tokens_total", counters.cachedTokens, dimensions)
            add("rerank_completion_tokens_total", counters.completionTokens, dimensions)
            add("rerank_prefill_tokens_total", counters.prefillTokens, dimensions)
            if response.degraded { add("rerank_degraded_answers_total", 1, dimensions) }
        }
    }

    /// Counts a request refused before it was read (401, 429, 503) or an error answer.
    func count(_ outcome: Outcome, strategy: String = "none") {
        add("rerank_requests_total", 1, [("outcome", outcome.rawValue), ("strategy", strategy)])
    }

    private func add(_ label: String, _ amount: Int, _ dimensions: [(String, String)]) {
        Counter(label: label, dimensions: dimensions, factory: factory).increment(by: amount)
    }

    /// Every metric in the Prometheus text exposition format.
    public var text: String { registry.emitToString() }
}
