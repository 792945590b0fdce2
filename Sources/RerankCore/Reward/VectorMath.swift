/// Dense-vector arithmetic for embeddings, kept apart from the sparse lexical vectors.
public enum VectorMath {
    /// Cosine similarity of two equally long vectors; 0 when either is all zeros or the lengths differ.
    public static func cosine(_ left: [Double], _ right: [Double]) -> Double {
        guard left.count == right.count, !left.isEmpty else { return 0 }
        var dot = 0.0, leftNorm = 0.0, rightNorm = 0.0
        for index in left.indices {
            dot += left[index] * right[index]
            leftNorm += left[index] * left[index]
            rightNorm += right[index] * right[index]
        }
        let denominator = (leftNorm * rightNorm).squareRoot()
        guard denominator > 0 else { return 0 }
        return min(1, max(-1, dot / denominator))
    }
}
