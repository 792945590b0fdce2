/// The metrics an evaluation reports, in report order, and how to compute them all for one ranking.
public struct MetricSet: Sendable, Hashable {
    /// NDCG cut-offs (trec_eval's `ndcg_cut`).
    public var ndcgCutoffs: [Int]
    /// Recall and HitRate cut-offs.
    public var recallCutoffs: [Int]
    public var gain: RelevanceGain

    public init(ndcgCutoffs: [Int] = [1, 5, 10, 20], recallCutoffs: [Int] = [1, 5, 10], gain: RelevanceGain = .linear) {
        self.ndcgCutoffs = ndcgCutoffs
        self.recallCutoffs = recallCutoffs
        self.gain = gain
    }

    /// Metric names in report order: `ndcg@1`, …, `recall@1`, …, `hit@1`, …, `mrr`, `map`.
    public var names: [String] {
        ndcgCutoffs.map { "ndcg@\($0)" } + recallCutoffs.map { "recall@\($0)" } + recallCutoffs.map { "hit@\($0)" } + ["mrr", "map"]
    }

    /// Every metric for one ranking, in the order of `names`.
    public func evaluate(_ ranking: [String], labels: [String: Double]) -> [Double] {
        ndcgCutoffs.map { Metrics.ndcg(ranking, labels: labels, cutoff: $0, gain: gain) }
            + recallCutoffs.map { Metrics.recall(ranking, labels: labels, cutoff: $0) }
            + recallCutoffs.map { Metrics.hitRate(ranking, labels: labels, cutoff: $0) }
            + [Metrics.reciprocalRank(ranking, labels: labels), Metrics.averagePrecision(ranking, labels: labels)]
    }
}
