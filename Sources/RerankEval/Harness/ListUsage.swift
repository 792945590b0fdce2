import RerankCore

/// What one list cost and how the model behaved on it, from the response's diagnostics and the call ledger.
@dynamicMemberLookup
public struct ListUsage: Sendable, Hashable {
    /// The answer's calls, tokens, retries and how its votes read, as its diagnostics counted them.
    public var counters = RankingCounters()
    /// Kendall τ between the order shown and the order answered (1: the model echoed its input); nil when not measured.
    public var positionEcho: Double?
    /// What the list's first-token readings said: picks by shown label, missing labels, abstentions.
    public var logits = LogitsCounts()
    public var degraded = false
    public var degradedReason: String?
    /// Sum of the endpoint latencies of the list's calls as first made (replayed from the cache): reproducible.
    public var endpointMilliseconds = 0.0
    /// Wall time this run spent on the list: changes from run to run.
    public var wallMilliseconds = 0.0
    /// Calls answered without the endpoint.
    public var cacheHits = 0

    public init() {}

    /// One of the shared counters, by name.
    public subscript<Value>(dynamicMember counter: WritableKeyPath<RankingCounters, Value>) -> Value {
        get { counters[keyPath: counter] }
        set { counters[keyPath: counter] = newValue }
    }
}
