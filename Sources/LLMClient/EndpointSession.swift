import Foundation
import JSONLines
import Logging

/// Posts JSON to one path of an OpenAI-compatible API with everything the clients share: the headers and
/// key, the bound on calls in flight, retries with backoff that honour server waits, and errors that say
/// what to check with the key kept out of them.
struct EndpointSession: Sendable {
    let endpoint: EndpointConfiguration
    let transport: any HTTPTransport
    let limiter: ConcurrencyLimiter
    let logger: Logger
    let sleep: @Sendable (Double) async throws -> Void

    static let defaultSleep: @Sendable (Double) async throws -> Void = { seconds in
        try await Task.sleep(nanoseconds: nanoseconds(seconds))
    }

    /// A wait in whole nanoseconds, NaN and negatives as 0 and at most a day: the wait may come from a
    /// server's `Retry-After`, and a `Double` past `UInt64`'s range traps in the conversion.
    static func nanoseconds(_ seconds: Double) -> UInt64 {
        UInt64(Int.clamped(seconds * 1_000_000_000, to: 0...86_400_000_000_000))
    }

    init(
        endpoint: EndpointConfiguration, transport: (any HTTPTransport)?, logger: Logger,
        sleep: @escaping @Sendable (Double) async throws -> Void
    ) {
        self.endpoint = endpoint
        self.transport = transport ?? CurlTransport(maxConnections: endpoint.maxConcurrentRequests)
        self.limiter = ConcurrencyLimiter(limit: endpoint.maxConcurrentRequests)
        self.logger = logger
        self.sleep = sleep
    }

    func url(_ path: String) -> String {
        var root = endpoint.baseURL
        while root.hasSuffix("/") { root.removeLast() }
        return root + path
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

    /// Posts `body` to `path` until `decode` accepts a 2xx answer, a failure must not be retried, or the
    /// retries run out. `decode` returns a transient error for an answer worth asking for again.
    /// - Returns: the decoded value and how many retries it took.
    func post<Value: Sendable>(
        _ path: String, body: Data, model: String,
        decode: @Sendable (HTTPResponse) -> Result<Value, LLMClientError>
    ) async throws -> (value: Value, retries: Int) {
        do {
            return try await attempts(path, body: body, model: model, decode: decode)
        } catch let error as LLMClientError {
            // Messages name URLs and quote the server: whatever they hold, no credential leaves here.
            var redacted = error
            redacted.message = endpoint.redactor.redact(error.message)
            throw redacted
        }
    }

    private func attempts<Value: Sendable>(
        _ path: String, body: Data, model: String,
        decode: @Sendable (HTTPResponse) -> Result<Value, LLMClientError>
    ) async throws -> (value: Value, retries: Int) {
        let request = HTTPRequest(
            url: url(path), headers: headers(), body: body, connectTimeout: endpoint.connectTimeout, totalTimeout: endpoint.requestTimeout,
            maxResponseBytes: endpoint.maxResponseBytes)
        var retry = 0
        while true {
            let failure: LLMClientError
            var serverAdvice: Double?
            let response = try await exchange(request)
            switch response {
            case .failure(let error):
                failure = error
            case .success(let answer) where (200..<300).contains(answer.status):
                switch decode(answer) {
                case .success(let value): return (value, retry)
                case .failure(let error):
                    guard error.isTransient else { throw error.withAttempts(retry + 1) }
                    failure = error
                }
            case .success(let answer):
                let error = LLMClientError.forStatus(
                    answer.status, url: request.url, model: model, apiKeyVariable: endpoint.apiKeyVariable,
                    serverMessage: Self.serverMessage(answer.body, endpoint.redactor))
                guard RetryPolicy.isRetryable(status: answer.status) else { throw error.withAttempts(retry + 1) }
                failure = error
                serverAdvice = RetryPolicy.serverAdvice(headers: answer.headers)
            }
            guard retry < endpoint.retry.maxRetries, !Task.isCancelled else {
                throw failure.withAttempts(retry + 1)
            }
            let wait = endpoint.retry.delay(beforeRetry: retry, serverAdvice: serverAdvice, randomUnit: Double.random(in: 0..<1))
            logger.debug(
                "retrying",
                metadata: ["path": "\(path)", "retry": "\(retry + 1)", "wait_s": "\(wait)", "reason": "\(failure.kind.rawValue)"])
            do {
                try await sleep(wait)
            } catch {
                throw LLMClientError(kind: .cancelled, message: "the call was cancelled", attempts: retry + 1)
            }
            retry += 1
        }
    }

    /// One HTTP exchange: an answer of any status, or a transport failure worth retrying; throws on cancellation.
    private func exchange(_ request: HTTPRequest) async throws -> Result<HTTPResponse, LLMClientError> {
        let redactor = endpoint.redactor
        do {
            return .success(try await limiter.withPermit { try await transport.send(request) })
        } catch let error as TransportError {
            switch error.kind {
            case .cancelled:
                throw LLMClientError(kind: .cancelled, message: "the call was cancelled")
            case .timedOut:
                return .failure(
                    LLMClientError(
                        kind: .timedOut,
                        message: "no answer from \(request.url) within \(endpoint.requestTimeout) s: \(redactor.redact(error.message))"))
            case .connectionFailed:
                return .failure(
                    LLMClientError(
                        kind: .connectionFailed,
                        message: "could not reach \(request.url): \(redactor.redact(error.message)); is the server running?"))
            case .responseTooLarge:
                return .failure(
                    LLMClientError(
                        kind: .invalidResponse,
                        message:
                            "the answer from \(request.url) is larger than endpoint.max_response_bytes (\(endpoint.maxResponseBytes)): \(redactor.redact(error.message))"
                    ))
            }
        } catch {
            throw LLMClientError(kind: .cancelled, message: "the call was cancelled")
        }
    }

    /// The `error.message` of an OpenAI-style error body, else the start of the body.
    static func serverMessage(_ body: Data, _ redactor: Redactor) -> String? {
        if let decoded = try? JSONDecoder().decode([String: JSONValue].self, from: body) {
            if let message = decoded["error"]?.objectValue?["message"]?.stringValue {
                return redactor.excerpt(message, maxCharacters: 300)
            }
            if let message = decoded["error"]?.stringValue ?? decoded["message"]?.stringValue {
                return redactor.excerpt(message, maxCharacters: 300)
            }
        }
        let text = excerpt(body, redactor)
        return text.isEmpty ? nil : text
    }

    /// The start of a body, about 200 characters on one line, redacted before it is cut so no part of a key
    /// that straddles the cut remains.
    static func excerpt(_ body: Data, _ redactor: Redactor) -> String {
        // Enough bytes that any key starting in the first 200 characters lies wholly inside them.
        let text = String(decoding: body.prefix(64 * 1024), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ")
            .trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? "empty body" : redactor.excerpt(text, maxCharacters: 200)
    }
}

extension LLMClientError {
    func withAttempts(_ attempts: Int) -> LLMClientError {
        var copy = self
        copy.attempts = attempts
        return copy
    }
}
