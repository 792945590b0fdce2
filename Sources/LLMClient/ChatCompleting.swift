/// Anything that answers chat completions: the HTTP client, or a response cache in front of it.
public protocol ChatCompleting: Sendable {
    func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion
}
