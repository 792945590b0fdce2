/// Blends the LLM's order with the upstream ranker's, as industrial rerankers do rather than discarding it.
///
/// Rank blend (`fusion_mode: rank`): each candidate's fused score is
/// `(1 − w)·(1 − (llmRank − 1)/(K − 1)) + w·(1 − (upstreamRank − 1)/(K − 1))`: it works the same for every
/// strategy whatever the scale of its scores.
///
/// Score blend (`fusion_mode: score`): `(1 − w)·z(llm) + w·z(upstream)`, where `z` standardises a side's scores
/// within the list (mean 0, standard deviation 1; all equal → 0). A side without scores (the upstream sent no
/// `score`, or the strategy produced only an order) enters as its scaled rank, standardised the same way.
///
/// `w = 0` is the LLM alone, `w = 1` the upstream order. Ties go to the better upstream rank.
public enum Fusion {
    public static func fuse(llmOrder: [Int], upstreamOrder: [Int], weight: Double) -> (order: [Int], scores: [Double]) {
        let count = upstreamOrder.count
        guard count > 1 else { return (llmOrder, llmOrder.map { _ in 1 }) }
        let w = min(max(weight, 0), 1)
        let llm = scaledRanks(llmOrder, count: count)
        let upstream = scaledRanks(upstreamOrder, count: count)
        let scores = (0..<count).map { (1 - w) * llm[$0] + w * upstream[$0] }
        return (ScoreOrder.order(scores, tieBreakOrder: upstreamOrder), scores)
    }

    /// The score blend. `llmScores` and `upstreamScores` are by candidate index, higher is better; nil (or
    /// a non-finite entry) makes that side fall back to its scaled ranks.
    public static func fuseScores(
        llmOrder: [Int], llmScores: [Double]?, upstreamOrder: [Int], upstreamScores: [Double]?, weight: Double
    ) -> (order: [Int], scores: [Double]) {
        let count = upstreamOrder.count
        guard count > 1 else { return (llmOrder, llmOrder.map { _ in 1 }) }
        let w = min(max(weight, 0), 1)
        func usable(_ scores: [Double]?) -> [Double]? {
            guard let scores, scores.count == count, scores.allSatisfy(\.isFinite) else { return nil }
            return scores
        }
        let llm = standardised(usable(llmScores) ?? scaledRanks(llmOrder, count: count))
        let upstream = standardised(usable(upstreamScores) ?? scaledRanks(upstreamOrder, count: count))
        let scores = (0..<count).map { (1 - w) * llm[$0] + w * upstream[$0] }
        return (ScoreOrder.order(scores, tieBreakOrder: upstreamOrder), scores)
    }

    /// 1 for the first of `order`, 0 for the last, evenly spaced.
    static func scaledRanks(_ order: [Int], count: Int) -> [Double] {
        var scaled = [Double](repeating: 0, count: count)
        let denominator = Double(max(1, count - 1))
        for (position, candidate) in order.enumerated() where candidate < count {
            scaled[candidate] = 1 - Double(position) / denominator
        }
        return scaled
    }

    /// Mean 0 and (population) standard deviation 1; a list whose values are all equal maps to zeros.
    static func standardised(_ values: [Double]) -> [Double] {
        guard !values.isEmpty else { return values }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        let deviation = variance.squareRoot()
        guard deviation > 1e-12, deviation.isFinite else { return values.map { _ in 0 } }
        return values.map { ($0 - mean) / deviation }
    }
}
