import Foundation
import Logging

/// An OpenAI-compatible `/chat/completions` client: retries with backoff, honours server waits,
/// bounds calls in flight, and keeps the API key out of every message it produces.
public struct ChatClient: ChatCompleting {
    public let endpoint: EndpointConfiguration
    private let transport: any HTTPTransport
    private let limiter: ConcurrencyLimiter
    private let logger: Logger
    private let sleep: @Sendable (Double) async throws -> Void

    public init(
        endpoint: EndpointConfiguration,
        transport: (any HTTPTransport)? = nil,
        logger: Logger = Logger(label: "rerank-agent.llm"),
        sleep: @escaping @Sendable (Double) async throws -> Void = { seconds in
            try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
        }
    ) {
        self.endpoint = endpoint
        self.transport = transport ?? CurlTransport(maxConnections: endpoint.maxConcurrentRequests)
        self.limiter = ConcurrencyLimiter(limit: endpoint.maxConcurrentRequests)
        self.logger = logger
        self.sleep = sleep
    }

    public func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        let body: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            body = try encoder.encode(request)
        } catch {
            throw LLMClientError(kind: .badRequest, message: "the chat request could not be encoded: \(error)")
        }
        let httpRequest = HTTPRequest(
            url: endpoint.chatCompletionsURL,
            headers: headers(),
            body: body,
            connectTimeout: endpoint.connectTimeout,
            totalTimeout: endpoint.requestTimeout
        )
        let started = ContinuousClock.now
        var retry = 0
        while true {
            let failure: LLMClientError
            let serverAdvice: Double?
            switch try await attempt(httpRequest) {
            case .answered(let response):
                return ChatCompletion(response: response, latencySeconds: seconds(since: started), retries: retry)
            case .failed(let error, let advice):
                failure = error
                serverAdvice = advice
            }
            guard retry < endpoint.retry.maxRetries, !Task.isCancelled else {
                throw failure.withAttempts(retry + 1)
            }
            let wait = endpoint.retry.delay(beforeRetry: retry, serverAdvice: serverAdvice, randomUnit: Double.random(in: 0..<1))
            logger.debug("retrying chat completion", metadata: ["retry": "\(retry + 1)", "wait_s": "\(wait)", "reason": "\(failure.kind.rawValue)"])
            do {
                try await sleep(wait)
            } catch {
                throw LLMClientError(kind: .cancelled, message: "the call was cancelled", attempts: retry + 1)
            }
            retry += 1
        }
    }

    private enum AttemptOutcome {
        case answered(ChatCompletionResponse)
        /// A failure worth retrying, with the wait the server asked for, if any.
        case failed(LLMClientError, serverAdvice: Double?)
    }

    /// One HTTP exchange; throws what must not be retried.
    private func attempt(_ httpRequest: HTTPRequest) async throws -> AttemptOutcome {
        let redactor = endpoint.redactor
        let response: HTTPResponse
        do {
            response = try await limiter.withPermit { try await transport.send(httpRequest) }
        } catch let error as TransportError {
            switch error.kind {
            case .cancelled:
                throw LLMClientError(kind: .cancelled, message: "the call was cancelled")
            case .timedOut:
                return .failed(LLMClientError(kind: .timedOut, message: "no answer from \(endpoint.chatCompletionsURL) within \(endpoint.requestTimeout) s: \(redactor.redact(error.message))"), serverAdvice: nil)
            case .connectionFailed:
                return .failed(LLMClientError(kind: .connectionFailed, message: "could not reach \(endpoint.chatCompletionsURL): \(redactor.redact(error.message)); is the server running?"), serverAdvice: nil)
            }
        } catch {
            throw LLMClientError(kind: .cancelled, message: "the call was cancelled")
        }
        guard (200..<300).contains(response.status) else {
            let failure = LLMClientError.forStatus(
                response.status, url: endpoint.chatCompletionsURL, model: endpoint.model,
                apiKeyVariable: endpoint.apiKeyVariable,
                serverMessage: Self.serverMessage(response.body, redactor))
            guard RetryPolicy.isRetryable(status: response.status) else { throw failure }
            return .failed(failure, serverAdvice: RetryPolicy.serverAdvice(headers: response.headers))
        }
        guard let decoded = try? JSONDecoder().decode(ChatCompletionResponse.self, from: response.body) else {
            return .failed(LLMClientError(
                kind: .invalidResponse, status: response.status,
                message: "the endpoint's answer is not a chat completion (\(Self.excerpt(response.body, redactor)))"), serverAdvice: nil)
        }
        guard !decoded.choices.isEmpty else {
            return .failed(LLMClientError(kind: .invalidResponse, status: response.status, message: "the endpoint answered without choices"), serverAdvice: nil)
        }
        return .answered(decoded)
    }

    func headers() -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = [("Content-Type", "application/json"), ("Accept", "application/json")]
        if let key = endpoint.apiKey, !key.isEmpty {
            result.append(("Authorization", "Bearer \(key)"))
        }
        for (name, value) in endpoint.extraHeaders.sorted(by: { $0.key < $1.key }) {
            result.append((name, value))
        }
        return result
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// The `error.message` of an OpenAI-style error body, else the start of the body.
    static func serverMessage(_ body: Data, _ redactor: Redactor) -> String? {
        if let decoded = try? JSONDecoder().decode([String: JSONValue].self, from: body) {
            if let message = decoded["error"]?.objectValue?["message"]?.stringValue {
                return redactor.redact(String(message.prefix(300)))
            }
            if let message = decoded["error"]?.stringValue ?? decoded["message"]?.stringValue {
                return redactor.redact(String(message.prefix(300)))
            }
        }
        let text = excerpt(body, redactor)
        return text.isEmpty ? nil : text
    }

    static func excerpt(_ body: Data, _ redactor: Redactor) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ")
            .trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? "empty body" : redactor.redact(text)
    }
}

extension LLMClientError {
    func withAttempts(_ attempts: Int) -> LLMClientError {
        var copy = self
        copy.attempts = attempts
        return copy
    }
}

extension ChatClient {
    /// Whether the endpoint answers at all, checked once at start-up so an unreachable endpoint is reported
    /// plainly before any request degrades. Returns nil when it answered, else what went wrong.
    public func probe() async -> String? {
        var root = endpoint.baseURL
        while root.hasSuffix("/") { root.removeLast() }
        let request = HTTPRequest(
            method: .get, url: root + "/models", headers: headers(), body: Data(),
            connectTimeout: endpoint.connectTimeout, totalTimeout: max(endpoint.connectTimeout, 10))
        do {
            let response = try await transport.send(request)
            switch response.status {
            case 401, 403: return "the endpoint \(root) refused the API key (HTTP \(response.status)); check \(endpoint.apiKeyVariable)"
            default: return nil  // anything else means something is listening; 404 is common for /models
            }
        } catch let error as TransportError {
            return "cannot reach the endpoint \(root): \(endpoint.redactor.redact(error.message))"
        } catch {
            return "cannot reach the endpoint \(root): \(error)"
        }
    }
}
