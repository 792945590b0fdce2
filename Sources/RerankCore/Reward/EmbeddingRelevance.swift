import LLMClient

/// Relevance as the cosine between embeddings of the context and of each element, one `/embeddings` call per
/// list. Negative cosines count as 0, so scores stay in [0, 1] like the other backends'.
public struct EmbeddingRelevance: RelevanceScoring {
    public let embedding: any TextEmbedding
    public var backendName: String { "embeddings" }

    public init(embedding: any TextEmbedding) {
        self.embedding = embedding
    }

    public func score(_ elements: [String], context: String) async throws(RewardError) -> RelevanceResult {
        guard !elements.isEmpty else { return RelevanceResult(scores: [], similarity: []) }
        let vectors: [[Double]]
        do {
            vectors = try await embedding.embed(elements + [context])
        } catch {
            throw RewardError(.embeddingsFailed, "the embeddings endpoint failed: \(error); check --embeddings-url and --embeddings-model")
        }
        guard vectors.count == elements.count + 1, let contextVector = vectors.last else {
            throw RewardError(.embeddingsFailed, "expected \(elements.count + 1) embeddings, got \(vectors.count)")
        }
        let elementVectors = Array(vectors.dropLast())
        return RelevanceResult(
            scores: elementVectors.map { max(0, VectorMath.cosine($0, contextVector)) },
            similarity: SimilarityMatrix.cosine(elementVectors))
    }
}
