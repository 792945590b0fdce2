import Foundation
import JSONLines

/// Where the chat endpoint is and how to talk to it.
public struct EndpointConfiguration: Sendable, Hashable {
    /// The API root, such as `http://127.0.0.1:8012/v1` or `https://api.openai.com/v1`.
    public var baseURL: String
    public var model: String
    /// The environment variable the key was read from, named in errors; the key itself never is.
    public var apiKeyVariable: String
    public var apiKey: String?
    public var extraHeaders: [String: String]
    /// Server-specific body fields sent with every chat request (`chat_template_kwargs`, `cache_prompt`, …).
    /// A field the request sets itself wins, so these can never replace the model, the messages or any
    /// option the service chose for a call.
    public var extraBody: [String: JSONValue]
    public var connectTimeout: Double
    public var requestTimeout: Double
    public var retry: RetryPolicy
    /// The most calls in flight at once, across every request the process is serving.
    public var maxConcurrentRequests: Int
    /// The largest response body read from the endpoint; a larger one fails the call (`endpoint.max_response_bytes`).
    public var maxResponseBytes: Int = 8 << 20
    /// The body field the token limit goes in: `max_tokens`, or `max_completion_tokens` for OpenAI's reasoning models.
    public var maxTokensField: String

    public init(
        baseURL: String,
        model: String,
        apiKeyVariable: String = "OPENAI_API_KEY",
        apiKey: String? = nil,
        extraHeaders: [String: String] = [:],
        extraBody: [String: JSONValue] = [:],
        connectTimeout: Double = 5,
        requestTimeout: Double = 120,
        retry: RetryPolicy = RetryPolicy(),
        maxConcurrentRequests: Int = 4,
        maxTokensField: String = "max_tokens"
    ) {
        self.maxTokensField = maxTokensField
        self.baseURL = baseURL
        self.model = model
        self.apiKeyVariable = apiKeyVariable
        self.apiKey = apiKey
        self.extraHeaders = extraHeaders
        self.extraBody = extraBody
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.retry = retry
        self.maxConcurrentRequests = maxConcurrentRequests
    }

    public var chatCompletionsURL: String {
        var root = baseURL
        while root.hasSuffix("/") { root.removeLast() }
        return root + "/chat/completions"
    }

    /// Takes the key, and any credentials written into the base URL, out of text.
    public var redactor: Redactor { Redactor(secrets: [apiKey] + Redactor.credentials(in: baseURL)) }

    /// The base URL as logs and messages may show it: without credentials.
    public var displayBaseURL: String { Redactor.redactingURLCredentials(baseURL) }

    /// `auto` → `max_completion_tokens` for api.openai.com (its reasoning models reject `max_tokens`), else `max_tokens`.
    public static func resolvedMaxTokensField(_ setting: String, baseURL: String) -> String {
        guard setting == "auto" else { return setting }
        let host = URLComponents(string: baseURL)?.host?.lowercased() ?? ""
        return host == "api.openai.com" ? "max_completion_tokens" : "max_tokens"
    }
}
