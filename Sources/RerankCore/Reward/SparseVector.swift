/// A bag-of-words vector: term to weight. Relevance and diversity compare texts through it.
public struct SparseVector: Sendable, Hashable {
    public var weights: [String: Double]

    public init(_ weights: [String: Double] = [:]) {
        self.weights = weights
    }

    /// Raw term counts of a token list.
    public init(counting tokens: [String]) {
        var weights: [String: Double] = [:]
        for token in tokens { weights[token, default: 0] += 1 }
        self.weights = weights
    }

    public var norm: Double {
        weights.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    public func dot(_ other: SparseVector) -> Double {
        let (small, large) = weights.count <= other.weights.count ? (weights, other.weights) : (other.weights, weights)
        return small.reduce(0) { sum, entry in sum + entry.value * (large[entry.key] ?? 0) }
    }

    /// Cosine similarity; 0 when either vector is all zeros, since an empty text resembles nothing.
    public func cosine(_ other: SparseVector) -> Double {
        let denominator = norm * other.norm
        guard denominator > 0 else { return 0 }
        return min(1, max(-1, dot(other) / denominator))
    }
}
