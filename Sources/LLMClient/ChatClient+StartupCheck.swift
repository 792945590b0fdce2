import Foundation

extension ChatClient {
    /// Looks at the endpoint once at start-up. `GET /models` first (free; 401/403 there means the key is refused).
    /// Some servers have no `/models`, so a 404 there is followed by a one-token chat call, whose 401, 403 or 404
    /// (wrong key, unknown model, wrong base path) is a configuration error. Other statuses count as ready.
    public func startupCheck() async -> StartupCheck {
        let request = HTTPRequest(
            method: .get, url: session.url("/models"), headers: session.headers(), body: Data(),
            connectTimeout: endpoint.connectTimeout, totalTimeout: max(endpoint.connectTimeout, 10))
        let status: Int
        do {
            status = try await session.transport.send(request).status
        } catch let error as TransportError {
            return .unreachable("cannot reach the endpoint \(endpoint.displayBaseURL): \(endpoint.redactor.redact(error.message))")
        } catch {
            return .unreachable("cannot reach the endpoint \(endpoint.displayBaseURL): \(error)")
        }
        switch status {
        case 401, 403:
            return .misconfigured(
                "the endpoint \(endpoint.displayBaseURL) refused the API key (HTTP \(status)); check \(endpoint.apiKeyVariable)")
        case 500...599:
            return .unreachable(
                "the endpoint \(endpoint.displayBaseURL) answered HTTP \(status) to GET /models; it may be starting or overloaded")
        case 404:
            break
        default:
            return .ready
        }
        var single = endpoint
        single.retry = RetryPolicy(maxRetries: 0, retryAfterCap: endpoint.retry.retryAfterCap)
        let probe = ChatClient(endpoint: single, transport: session.transport, logger: session.logger)
        do {
            _ = try await probe.complete(
                ChatCompletionRequest(model: endpoint.model, messages: [.user("ping")], temperature: 0, maxTokens: 1))
            return .ready
        } catch let error as LLMClientError {
            switch error.kind {
            case .unauthorized, .forbidden, .notFound: return .misconfigured(error.message)
            case .rateLimited, .serverError, .connectionFailed, .timedOut, .cancelled: return .unreachable(error.message)
            default: return .ready
            }
        } catch {
            return .unreachable("\(error)")
        }
    }
}
