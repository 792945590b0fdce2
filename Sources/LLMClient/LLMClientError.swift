import Foundation

/// Why a chat completion could not be had, with what the user should do about it.
public struct LLMClientError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    public enum Kind: String, Sendable, Hashable {
        /// 400: the request body was rejected.
        case badRequest = "bad_request"
        /// 401: the API key is missing or wrong.
        case unauthorized
        /// 403: the key lacks access to the model.
        case forbidden
        /// 404: the base URL or model name is wrong.
        case notFound = "not_found"
        /// 422: the server understood the body but refused its values.
        case unprocessable
        /// 429 after every retry.
        case rateLimited = "rate_limited"
        /// 5xx after every retry.
        case serverError = "server_error"
        /// Any other status the client does not retry.
        case unexpectedStatus = "unexpected_status"
        /// The connection could not be made or broke.
        case connectionFailed = "connection_failed"
        /// No complete answer within the configured timeout.
        case timedOut = "timed_out"
        /// A 2xx whose body is not a chat completion.
        case invalidResponse = "invalid_response"
        /// The caller gave up waiting.
        case cancelled
    }

    public var kind: Kind
    public var status: Int?
    /// Already free of secrets.
    public var message: String
    public var attempts: Int

    public init(kind: Kind, status: Int? = nil, message: String, attempts: Int = 1) {
        self.kind = kind
        self.status = status
        self.message = message
        self.attempts = attempts
    }

    public var description: String { message }
    public var errorDescription: String? { message }

    /// Whether another attempt could succeed without the caller changing anything.
    public var isTransient: Bool {
        switch kind {
        case .rateLimited, .serverError, .connectionFailed, .timedOut, .invalidResponse: return true
        default: return false
        }
    }

    static func forStatus(_ status: Int, url: String, model: String, apiKeyVariable: String, serverMessage: String?) -> LLMClientError {
        let detail = serverMessage.map { ": \($0)" } ?? ""
        switch status {
        case 400:
            return .init(
                kind: .badRequest, status: status,
                message: "the endpoint rejected the request (HTTP 400)\(detail); check the options sent to \(url)")
        case 401:
            return .init(
                kind: .unauthorized, status: status,
                message: "the endpoint refused the API key (HTTP 401)\(detail); check \(apiKeyVariable)")
        case 403:
            return .init(
                kind: .forbidden, status: status,
                message: "the API key may not use model '\(model)' (HTTP 403)\(detail); check \(apiKeyVariable) and endpoint.model")
        case 404:
            return .init(
                kind: .notFound, status: status,
                message: "HTTP 404 from \(url)\(detail); check endpoint.base_url (it usually ends in /v1) and endpoint.model '\(model)'")
        case 422:
            return .init(kind: .unprocessable, status: status, message: "the endpoint could not process the request (HTTP 422)\(detail)")
        case 429:
            return .init(
                kind: .rateLimited, status: status,
                message:
                    "the endpoint is rate limiting (HTTP 429)\(detail); lower endpoint.max_concurrent_calls or raise endpoint.max_retries")
        case 500...599:
            return .init(kind: .serverError, status: status, message: "the endpoint failed (HTTP \(status))\(detail)")
        default:
            return .init(kind: .unexpectedStatus, status: status, message: "unexpected HTTP \(status) from \(url)\(detail)")
        }
    }
}
