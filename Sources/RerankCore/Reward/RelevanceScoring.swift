/// A way to say how relevant each element of a list is to its context, and how alike the elements are.
/// Backends: `LexicalRelevance` (default, no network), `EmbeddingRelevance`, `JudgeRelevance`.
public protocol RelevanceScoring: Sendable {
    /// The backend's name in JSON output: `tfidf`, `bm25`, `embeddings`, `judge`.
    var backendName: String { get }

    /// One relevance in [0, 1] per element, plus the elements' pairwise similarity for ILD and MMR.
    func score(_ elements: [String], context: String) async throws(RewardError) -> RelevanceResult
}

/// Relevance scores of a list and the similarity of its elements, with what computing them cost.
public struct RelevanceResult: Sendable, Hashable {
    public var scores: [Double]
    public var similarity: [[Double]]
    public var usage: TokenUsage

    public init(scores: [Double], similarity: [[Double]], usage: TokenUsage = TokenUsage()) {
        self.scores = scores
        self.similarity = similarity
        self.usage = usage
    }
}

extension LexicalRelevance: RelevanceScoring {
    public var backendName: String { method.rawValue }

    public func score(_ elements: [String], context: String) async throws(RewardError) -> RelevanceResult {
        RelevanceResult(scores: scores(of: elements, to: context), similarity: SimilarityMatrix.lexical(elements))
    }
}
