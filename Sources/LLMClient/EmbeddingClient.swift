import Foundation
import Logging

/// An OpenAI-compatible `/embeddings` client, for relevance and diversity measured in embedding space.
/// Shares the chat client's transport, endpoint settings and retry policy, so it fails and retries the same way.
public struct EmbeddingClient: Sendable {
    public let endpoint: EndpointConfiguration
    /// The embedding model's name; endpoints usually serve it apart from the chat model.
    public let model: String
    private let transport: any HTTPTransport
    private let limiter: ConcurrencyLimiter
    private let logger: Logger
    private let sleep: @Sendable (Double) async throws -> Void

    public init(
        endpoint: EndpointConfiguration,
        model: String,
        transport: (any HTTPTransport)? = nil,
        logger: Logger = Logger(label: "rerank-agent.embeddings"),
        sleep: @escaping @Sendable (Double) async throws -> Void = { seconds in
            try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
        }
    ) {
        self.endpoint = endpoint
        self.model = model
        self.transport = transport ?? CurlTransport(maxConnections: endpoint.maxConcurrentRequests)
        self.limiter = ConcurrencyLimiter(limit: endpoint.maxConcurrentRequests)
        self.logger = logger
        self.sleep = sleep
    }

    public var embeddingsURL: String {
        var root = endpoint.baseURL
        while root.hasSuffix("/") { root.removeLast() }
        return root + "/embeddings"
    }

    /// One vector per text, in the order given. Throws `LLMClientError` with what to check.
    public func embed(_ texts: [String]) async throws -> [[Double]] {
        guard !texts.isEmpty else { return [] }
        let body: Data
        do {
            body = try JSONEncoder().encode(RequestBody(model: model, input: texts))
        } catch {
            throw LLMClientError(kind: .badRequest, message: "the embeddings request could not be encoded: \(error)")
        }
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json"), ("Accept", "application/json")]
        if let key = endpoint.apiKey, !key.isEmpty { headers.append(("Authorization", "Bearer \(key)")) }
        for (name, value) in endpoint.extraHeaders.sorted(by: { $0.key < $1.key }) { headers.append((name, value)) }
        let request = HTTPRequest(url: embeddingsURL, headers: headers, body: body, connectTimeout: endpoint.connectTimeout, totalTimeout: endpoint.requestTimeout)
        var retry = 0
        while true {
            let failure: LLMClientError
            let advice: Double?
            switch try await attempt(request, expected: texts.count) {
            case .vectors(let vectors): return vectors
            case .retryable(let error, let serverAdvice):
                failure = error
                advice = serverAdvice
            }
            guard retry < endpoint.retry.maxRetries, !Task.isCancelled else { throw failure.withAttempts(retry + 1) }
            let wait = endpoint.retry.delay(beforeRetry: retry, serverAdvice: advice, randomUnit: Double.random(in: 0..<1))
            logger.debug("retrying embeddings", metadata: ["retry": "\(retry + 1)", "wait_s": "\(wait)"])
            do {
                try await sleep(wait)
            } catch {
                throw LLMClientError(kind: .cancelled, message: "the call was cancelled", attempts: retry + 1)
            }
            retry += 1
        }
    }

    /// One exchange: the vectors, or a failure worth retrying; throws what must not be retried.
    private func attempt(_ request: HTTPRequest, expected: Int) async throws -> Attempt {
        let redactor = endpoint.redactor
        let response: HTTPResponse
        do {
            response = try await limiter.withPermit { try await transport.send(request) }
        } catch let error as TransportError {
            switch error.kind {
            case .cancelled:
                throw LLMClientError(kind: .cancelled, message: "the call was cancelled")
            case .timedOut:
                return .retryable(LLMClientError(kind: .timedOut, message: "no answer from \(embeddingsURL) within \(endpoint.requestTimeout) s: \(redactor.redact(error.message))"), nil)
            case .connectionFailed:
                return .retryable(LLMClientError(kind: .connectionFailed, message: "could not reach \(embeddingsURL): \(redactor.redact(error.message)); is the server running?"), nil)
            }
        }
        guard (200..<300).contains(response.status) else {
            let failure = LLMClientError.forStatus(
                response.status, url: embeddingsURL, model: model, apiKeyVariable: endpoint.apiKeyVariable,
                serverMessage: ChatClient.serverMessage(response.body, redactor))
            guard RetryPolicy.isRetryable(status: response.status) else { throw failure }
            return .retryable(failure, RetryPolicy.serverAdvice(headers: response.headers))
        }
        return .vectors(try Self.vectors(from: response.body, expected: expected, url: embeddingsURL))
    }

    private enum Attempt {
        case vectors([[Double]])
        case retryable(LLMClientError, Double?)
    }

    /// Decodes `{"data": [{"index": i, "embedding": [...]}]}`, ordered by index.
    static func vectors(from body: Data, expected: Int, url: String) throws -> [[Double]] {
        guard let decoded = try? JSONDecoder().decode(ResponseBody.self, from: body) else {
            throw LLMClientError(kind: .invalidResponse, message: "the answer from \(url) is not an embeddings list; is it an OpenAI-compatible /embeddings endpoint?")
        }
        let ordered = decoded.data.enumerated().sorted { ($0.element.index ?? $0.offset) < ($1.element.index ?? $1.offset) }.map(\.element.embedding)
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
