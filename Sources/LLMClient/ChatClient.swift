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
        self.session = EndpointSession(
            endpoint: endpoint, transport: transport, logger: logger, sleep: sleep ?? EndpointSession.defaultSleep)
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
        let (response, retries) = try await session.post("/chat/completions", body: body, model: endpoint.model) {
            answer -> Result<ChatCompletionResponse, LLMClientError> in
            guard let decoded = Self.decodeCompletion(answer.body) else {
                return .failure(
                    LLMClientError(
                        kind: .invalidResponse, status: answer.status,
                        message: "the endpoint's answer is not a chat completion (\(EndpointSession.excerpt(answer.body, redactor)))"))
            }
            guard !decoded.choices.isEmpty else {
                return .failure(
                    LLMClientError(kind: .invalidResponse, status: answer.status, message: "the endpoint answered without choices"))
            }
            return .success(Self.redactingText(decoded, redactor))
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return ChatCompletion(response: response, latencySeconds: seconds, retries: retries)
    }

    /// The chat completion in `body`. A `usage` block that does not decode (1e300, 0.5, a count past Int64)
    /// is the endpoint's accounting, not its answer: it is dropped and the answer kept, with usage unknown.
    static func decodeCompletion(_ body: Data) -> ChatCompletionResponse? {
        if let decoded = try? JSONDecoder().decode(ChatCompletionResponse.self, from: body) { return decoded }
        guard var object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any], object["usage"] != nil else { return nil }
        object["usage"] = nil
        guard let stripped = try? JSONSerialization.data(withJSONObject: object) else { return nil }
        return try? JSONDecoder().decode(ChatCompletionResponse.self, from: stripped)
    }

    /// The response with the key taken out of every string the endpoint sent: an endpoint that echoes the
    /// request puts the key into answers, and answers reach explain output, profiles, reasons, creatives and
    /// diagnostics (a first token that names no label is reported as it came, so logprob tokens count too).
    public static func redactingText(_ response: ChatCompletionResponse, _ redactor: Redactor) -> ChatCompletionResponse {
        var clean = response
        clean.id = clean.id.map(redactor.redact)
        clean.model = clean.model.map(redactor.redact)
        for index in clean.choices.indices {
            var choice = clean.choices[index]
            choice.message.role = choice.message.role.map(redactor.redact)
            choice.message.content = choice.message.content.map(redactor.redact)
            choice.message.reasoningContent = choice.message.reasoningContent.map(redactor.redact)
            choice.finishReason = choice.finishReason.map(redactor.redact)
            if var tokens = choice.logprobs?.content {
                let chosen = redactor.redact(tokens: tokens.map(\.token))
                for position in tokens.indices {
                    tokens[position].token = chosen[position]
                    tokens[position].topLogprobs = tokens[position].topLogprobs?.map { alternative in
                        var clean = alternative
                        clean.token = redactor.redact(alternative.token)
                        return clean
                    }
                }
                choice.logprobs?.content = tokens
            }
            clean.choices[index] = choice
        }
        return clean
    }

    /// Whether the endpoint answers at all, checked once at start-up so an unreachable endpoint is reported
    /// plainly before any request degrades. Returns nil when it answered, else what went wrong.
    public func probe() async -> String? {
        let url = session.url("/models")
        let request = HTTPRequest(
            method: .get, url: url, headers: session.headers(), body: Data(),
            connectTimeout: endpoint.connectTimeout, totalTimeout: max(endpoint.connectTimeout, 10),
            maxResponseBytes: endpoint.maxResponseBytes)
        do {
            let response = try await session.transport.send(request)
            switch response.status {
            case 401, 403:
                return
                    "the endpoint \(endpoint.displayBaseURL) refused the API key (HTTP \(response.status)); check \(endpoint.apiKeyVariable)"
            default: return nil  // anything else means something is listening; 404 is common for /models
            }
        } catch let error as TransportError {
            return endpoint.redactor.redact("cannot reach the endpoint \(endpoint.displayBaseURL): \(error.message)")
        } catch {
            return endpoint.redactor.redact("cannot reach the endpoint \(endpoint.displayBaseURL): \(error)")
        }
    }
}
