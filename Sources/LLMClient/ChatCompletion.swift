/// A successful call and what it cost.
public struct ChatCompletion: Sendable {
    public var response: ChatCompletionResponse
    /// Wall time of the call, retries and waits included.
    public var latencySeconds: Double
    /// Retries made before the answer that counted.
    public var retries: Int

    public init(response: ChatCompletionResponse, latencySeconds: Double, retries: Int) {
        self.response = response
        self.latencySeconds = latencySeconds
        self.retries = retries
    }

    public var text: String { response.text ?? "" }
    public var usage: ChatCompletionResponse.Usage {
        response.usage ?? ChatCompletionResponse.Usage(promptTokens: 0, completionTokens: 0)
    }
}

/// Anything that answers chat completions: the HTTP client, or a response cache in front of it.
public protocol ChatCompleting: Sendable {
    func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion
}
