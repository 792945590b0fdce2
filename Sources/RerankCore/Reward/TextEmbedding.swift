import LLMClient

/// Anything that turns texts into vectors: the `/embeddings` client, or a stand-in in tests.
public protocol TextEmbedding: Sendable {
    func embed(_ texts: [String]) async throws -> [[Double]]
}

extension EmbeddingClient: TextEmbedding {}
