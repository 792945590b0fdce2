/// Pairwise similarity of a list's elements, computed once and shared by ILD and MMR.
public enum SimilarityMatrix {
    /// Symmetric cosine matrix of sparse vectors, 1 on the diagonal for non-empty vectors.
    public static func cosine(_ vectors: [SparseVector]) -> [[Double]] {
        pairwise(vectors.count) { vectors[$0].cosine(vectors[$1]) }
    }

    /// Symmetric cosine matrix of dense vectors (embeddings).
    public static func cosine(_ vectors: [[Double]]) -> [[Double]] {
        pairwise(vectors.count) { VectorMath.cosine(vectors[$0], vectors[$1]) }
    }

    /// TF-IDF cosine similarity of texts, with the texts as their own corpus.
    public static func lexical(_ texts: [String]) -> [[Double]] {
        cosine(LexicalRelevance.tfidfVectors(of: texts))
    }

    static func pairwise(_ count: Int, _ similarity: (Int, Int) -> Double) -> [[Double]] {
        var matrix = Array(repeating: Array(repeating: 0.0, count: count), count: count)
        for left in 0..<count {
            matrix[left][left] = similarity(left, left)
            for right in (left + 1)..<max(left + 1, count) {
                let value = similarity(left, right)
                matrix[left][right] = value
                matrix[right][left] = value
            }
        }
        return matrix
    }
}
