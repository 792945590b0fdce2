import Foundation
import Logging

/// An OpenAI-compatible `/embeddings` client, for relevance and diversity measured in embedding space.
/// Shares the chat client's transport, endpoint settings and retry policy, so it fails and retries the same way.
public struct EmbeddingClient: Sendable {
    public let endpoint: EndpointConfiguration
    /// The embedding model's name; endpoints usually serve it apart from the chat model.
    public let model: String
    private let session: EndpointSession

    public init(
        endpoint: EndpointConfiguration,
        model: String,
        transport: (any HTTPTransport)? = nil,
        logger: Logger = Logger(label: "rerank-agent.embeddings"),
        sleep: (@Sendable (Double) async throws -> Void)? = nil
    ) {
        self.endpoint = endpoint
        self.model = model
        self.session = EndpointSession(
            endpoint: endpoint, transport: transport, logger: logger, sleep: sleep ?? EndpointSession.defaultSleep)
    }

    public var embeddingsURL: String { session.url("/embeddings") }

    /// One vector per text, in the order given. Throws `LLMClientError` with what to check.
    public func embed(_ texts: [String]) async throws -> [[Double]] {
        guard !texts.isEmpty else { return [] }
        let body: Data
        do {
            body = try JSONEncoder().encode(RequestBody(model: model, input: texts))
        } catch {
            throw LLMClientError(kind: .badRequest, message: "the embeddings request could not be encoded: \(error)")
        }
        let url = embeddingsURL
        let expected = texts.count
        return try await session.post("/embeddings", body: body, model: model) { answer -> Result<[[Double]], LLMClientError> in
            Result { try Self.vectors(from: answer.body, expected: expected, url: url) }
                .mapError { $0 as? LLMClientError ?? LLMClientError(kind: .invalidResponse, message: "\($0)") }
        }.value
    }

    /// Decodes `{"data": [{"index": i, "embedding": [...]}]}`, ordered by index.
    static func vectors(from body: Data, expected: Int, url: String) throws -> [[Double]] {
        guard let decoded = try? JSONDecoder().decode(ResponseBody.self, from: body) else {
            throw LLMClientError(
                kind: .invalidResponse,
                message: "the answer from \(url) is not an embeddings list; is it an OpenAI-compatible /embeddings endpoint?")
        }
        let ordered = decoded.data.enumerated().sorted { ($0.element.index ?? $0.offset) < ($1.element.index ?? $1.offset) }.map(
            \.element.embedding)
        guard ordered.count == expected else {
            throw LLMClientError(kind: .invalidResponse, message: "\(url) returned \(ordered.count) embeddings for \(expected) texts")
        }
        return ordered
    }

    private struct RequestBody: Encodable {
        var model: String
        var input: [String]
    }

    private struct ResponseBody: Decodable {
        var data: [Entry]

        struct Entry: Decodable {
            var index: Int?
            var embedding: [Double]
        }
    }
}
