/// What one list cost and how the model behaved on it, from the response's diagnostics and the call ledger.
public struct ListUsage: Sendable, Hashable {
    public var calls = 0
    public var failedCalls = 0
    public var promptTokens = 0
    public var completionTokens = 0
    public var cachedTokens = 0
    public var retries = 0
    public var votes = 0
    /// Votes whose answer was a complete permutation as given.
    public var firstTryValid = 0
    /// Answers re-asked with a corrective message.
    public var reasks = 0
    /// Kendall τ between the order shown and the order answered (1: the model echoed its input); nil when not measured.
    public var positionEcho: Double?
    public var repairsMissing = 0
    public var repairsDuplicate = 0
    public var repairsUnknown = 0
    public var degraded = false
    public var degradedReason: String?
    /// Sum of the endpoint latencies of the list's calls as first made (replayed from the cache): reproducible.
    public var endpointMilliseconds = 0.0
    /// Wall time this run spent on the list: changes from run to run.
    public var wallMilliseconds = 0.0
    /// Calls answered without the endpoint.
    public var cacheHits = 0

    public init() {}
}
