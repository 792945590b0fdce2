import RerankCore

/// One system's ranking of one list at one placement, with its metric values.
public struct ListResult: Sendable, Hashable {
    public var listIndex: Int
    /// A configuration's or a baseline's name.
    public var system: String
    public var placement: Placement
    /// Item ids, best first.
    public var ranking: [String]
    /// Values in `MetricSet.names` order.
    public var metrics: [Double]
    /// Nil for baselines, which make no calls.
    public var usage: ListUsage?
    /// The model's ranking before fusion (nil for baselines and degraded answers): `FusionSweep` blends it again at
    /// other weights without a call.
    public var modelRanking: ModelRanking?

    public init(listIndex: Int, system: String, placement: Placement, ranking: [String], metrics: [Double], usage: ListUsage? = nil) {
        self.listIndex = listIndex
        self.system = system
        self.placement = placement
        self.ranking = ranking
        self.metrics = metrics
        self.usage = usage
    }
}
