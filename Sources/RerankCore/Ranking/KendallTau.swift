/// Kendall's τ between orderings: 1 for the same order, −1 for the reverse, near 0 for unrelated ones.
public enum KendallTau {
    /// τ between two orderings of the same items (each a permutation of the same indices).
    public static func between(_ left: [Int], _ right: [Int]) -> Double {
        let count = left.count
        guard count > 1, right.count == count else { return 1 }
        var positionInRight = [Int: Int](minimumCapacity: count)
        for (position, item) in right.enumerated() { positionInRight[item] = position }
        var concordant = 0
        var discordant = 0
        for i in 0..<count {
            for j in (i + 1)..<count {
                guard let a = positionInRight[left[i]], let b = positionInRight[left[j]] else { continue }
                if a < b { concordant += 1 } else { discordant += 1 }
            }
        }
        let pairs = Double(count * (count - 1) / 2)
        return Double(concordant - discordant) / pairs
    }

    /// Mean τ over every pair of orderings; nil with fewer than two.
    public static func meanPairwise(_ orderings: [[Int]]) -> Double? {
        guard orderings.count > 1 else { return nil }
        var total = 0.0
        var pairs = 0
        for i in 0..<orderings.count {
            for j in (i + 1)..<orderings.count {
                total += between(orderings[i], orderings[j])
                pairs += 1
            }
        }
        return total / Double(pairs)
    }
}
