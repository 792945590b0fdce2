/// Blends the LLM's order with the upstream ranker's, as industrial rerankers do rather than discarding it.
///
/// Each candidate's fused score is `(1 − w)·(1 − (llmRank − 1)/(K − 1)) + w·(1 − (upstreamRank − 1)/(K − 1))`:
/// rank-based, so it works the same for every strategy whatever the scale of its scores. `w = 0` is the LLM
/// alone, `w = 1` the upstream order. Ties go to the better upstream rank.
public enum Fusion {
    public static func fuse(llmOrder: [Int], upstreamOrder: [Int], weight: Double) -> (order: [Int], scores: [Double]) {
        let count = upstreamOrder.count
        guard count > 1 else { return (llmOrder, llmOrder.map { _ in 1 }) }
        let w = min(max(weight, 0), 1)
        var llmRank = [Int](repeating: 0, count: count)
        var upstreamRank = [Int](repeating: 0, count: count)
        for (position, candidate) in llmOrder.enumerated() { llmRank[candidate] = position }
        for (position, candidate) in upstreamOrder.enumerated() { upstreamRank[candidate] = position }
        let denominator = Double(count - 1)
        let scores = (0..<count).map { candidate in
            (1 - w) * (1 - Double(llmRank[candidate]) / denominator) + w * (1 - Double(upstreamRank[candidate]) / denominator)
        }
        let order = (0..<count).sorted { left, right in
            scores[left] != scores[right] ? scores[left] > scores[right] : upstreamRank[left] < upstreamRank[right]
        }
        return (order, scores)
    }
}
