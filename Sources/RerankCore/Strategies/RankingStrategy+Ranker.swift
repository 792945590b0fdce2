extension RankingStrategy {
    /// The ranker that carries out this strategy.
    var ranker: any Ranker.Type {
        switch self {
        case .listwise: return ListwiseRanker.self
        case .pointwise: return PointwiseRanker.self
        case .pairwise: return PairwiseRanker.self
        case .setwise: return SetwiseRanker.self
        }
    }
}
