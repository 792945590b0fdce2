import Foundation
import Logging

/// An OpenAI-compatible `/chat/completions` client: retries with backoff, honours server waits,
/// bounds calls in flight, and keeps the API key out of every message it produces.
public struct ChatClient: ChatCompleting {
    public let endpoint: EndpointConfiguration
    let session: EndpointSession

    public init(
        endpoint: EndpointConfiguration,
        transport: (any HTTPTransport)? = nil,
        logger: Logger = Logger(label: "rerank-agent.llm"),
        sleep: (@Sendable (Double) async throws -> Void)? = nil
    ) {
        self.endpoint = endpoint
        self.session = EndpointSession(endpoint: endpoint, transport: transport, logger: logger, sleep: sleep ?? EndpointSession.defaultSleep)
    }

    public func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        let request = request.limitingTokens(in: endpoint.maxTokensField)
        let body: Data
        do {
            body = try request.merging(endpointExtraBody: endpoint.extraBody).jsonBody()
        } catch {
            throw LLMClientError(kind: .badRequest, message: "the chat request could not be encoded: \(error)")
        }
        let started = ContinuousClock.now
        let redactor = endpoint.redactor
        let (response, retries) = try await session.post("/chat/completions", body: body, model: endpoint.model) { answer -> Result<ChatCompletionResponse, LLMClientError> in
            guard let decoded = try? JSONDecoder().decode(ChatCompletionResponse.self, from: answer.body) else {
                return .failure(LLMClientError(
                    kind: .invalidResponse, status: answer.status,
                    message: "the endpoint's answer is not a chat completion (\(EndpointSession.excerpt(answer.body, redactor)))"))
            }
            guard !decoded.choices.isEmpty else {
                return .failure(LLMClientError(kind: .invalidResponse, status: answer.status, message: "the endpoint answered without choices"))
            }
            return .success(decoded)
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return ChatCompletion(response: response, latencySeconds: seconds, retries: retries)
    }

    /// Whether the endpoint answers at all, checked once at start-up so an unreachable endpoint is reported
    /// plainly before any request degrades. Returns nil when it answered, else what went wrong.
    public func probe() async -> String? {
        let url = session.url("/models")
        let request = HTTPRequest(
            method: .get, url: url, headers: session.headers(), body: Data(),
            connectTimeout: endpoint.connectTimeout, totalTimeout: max(endpoint.connectTimeout, 10))
        do {
            let response = try await session.transport.send(request)
            switch response.status {
            case 401, 403: return "the endpoint \(endpoint.baseURL) refused the API key (HTTP \(response.status)); check \(endpoint.apiKeyVariable)"
            default: return nil  // anything else means something is listening; 404 is common for /models
            }
        } catch let error as TransportError {
            return "cannot reach the endpoint \(endpoint.baseURL): \(endpoint.redactor.redact(error.message))"
        } catch {
            return "cannot reach the endpoint \(endpoint.baseURL): \(error)"
        }
    }
}
