/// Maximal marginal relevance (Carbonell and Goldstein 1998): picks, one at a time, the element with the best
/// `λ · relevance − (1 − λ) · max similarity to those already picked`, so a caller can trade relevance for
/// variety with one number. λ = 1 is plain relevance order; λ = 0 is the most varied order.
public struct MMR: Sendable, Hashable {
    /// The trade-off λ, clamped to [0, 1].
    public let lambda: Double

    public init(lambda: Double) {
        self.lambda = min(1, max(0, lambda.isFinite ? lambda : 1))
    }

    /// Indices of up to `count` elements in the order MMR picks them. Ties go to the lower index, so equal
    /// scores keep the order the caller gave. The first pick has nothing to be similar to: it is the most relevant.
    ///
    /// - Parameters:
    ///   - relevance: one score per element.
    ///   - similarity: `similarity[i][j]` for every pair; must be `relevance.count` square.
    public func select(relevance: [Double], similarity: [[Double]], count: Int? = nil) -> [Int] {
        let total = relevance.count
        let wanted = min(total, max(0, count ?? total))
        var chosen: [Int] = []
        chosen.reserveCapacity(wanted)
        var remaining = Array(0..<total)
        // The highest similarity of each remaining element to anything chosen so far.
        var closest = Array(repeating: 0.0, count: total)
        while chosen.count < wanted {
            var bestPosition = 0
            var bestValue = -Double.infinity
            for (position, candidate) in remaining.enumerated() {
                let penalty = chosen.isEmpty ? 0 : closest[candidate]
                let value = lambda * relevance[candidate] - (1 - lambda) * penalty
                if value > bestValue {
                    bestValue = value
                    bestPosition = position
                }
            }
            let pick = remaining.remove(at: bestPosition)
            chosen.append(pick)
            for candidate in remaining {
                let value =
                    similarity.indices.contains(candidate) && similarity[candidate].indices.contains(pick) ? similarity[candidate][pick] : 0
                closest[candidate] = chosen.count == 1 ? value : max(closest[candidate], value)
            }
        }
        return chosen
    }

    /// The MMR value each element had when it was picked, in pick order, for reporting.
    public func selectWithValues(relevance: [Double], similarity: [[Double]], count: Int? = nil) -> [(index: Int, value: Double)] {
        let order = select(relevance: relevance, similarity: similarity, count: count)
        var values: [(index: Int, value: Double)] = []
        for (position, index) in order.enumerated() {
            let penalty = order[..<position].map { similarity[index][$0] }.max() ?? 0
            values.append((index, lambda * relevance[index] - (1 - lambda) * penalty))
        }
        return values
    }
}
