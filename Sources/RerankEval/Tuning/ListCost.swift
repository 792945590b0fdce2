/// What one configuration costs per list, on average over the lists it ranked: what a budget is stated in.
public struct ListCost: Sendable, Hashable {
    public var calls = 0.0
    /// Prompt tokens the endpoint had to process (prompt less cached): the cost of a CPU-bound local server.
    public var prefillTokens = 0.0
    /// Endpoint time of the list's calls as first made, in seconds (replayed from the cache, so reproducible).
    public var endpointSeconds = 0.0
    /// This run's wall time per list, in seconds (answers from the cache make it small).
    public var wallSeconds = 0.0
    /// Lists whose answer fell back to the upstream order.
    public var degradedLists = 0
    /// Lists measured.
    public var lists = 0

    public init() {}

    /// The mean over the usages of a configuration's lists.
    public init(usages: [ListUsage]) {
        lists = usages.count
        guard !usages.isEmpty else { return }
        let count = Double(usages.count)
        calls = Double(usages.reduce(0) { $0 + $1.counters.llmCalls }) / count
        prefillTokens = Double(usages.reduce(0) { $0 + $1.counters.prefillTokens }) / count
        endpointSeconds = usages.reduce(0) { $0 + $1.endpointMilliseconds } / count / 1000
        wallSeconds = usages.reduce(0) { $0 + $1.wallMilliseconds } / count / 1000
        degradedLists = usages.filter(\.degraded).count
    }
}
