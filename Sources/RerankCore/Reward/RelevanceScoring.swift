/// A way to say how relevant each element of a list is to its context, and how alike the elements are.
/// Backends: `LexicalRelevance` (default, no network), `EmbeddingRelevance`, `JudgeRelevance`.
public protocol RelevanceScoring: Sendable {
    /// The backend's name in JSON output: `tfidf`, `bm25`, `embeddings`, `judge`.
    var backendName: String { get }

    /// One relevance in [0, 1] per element, plus the elements' pairwise similarity for ILD and MMR.
    func score(_ elements: [String], context: String) async throws(RewardError) -> RelevanceResult
}
