import LLMClient

/// What every strategy needs besides the request.
struct RankingContext: Sendable {
    let client: any ChatCompleting
    let prompts: PromptLibrary
    let model: String
    /// The PALR user profile, when the prompt family writes one.
    let profile: String?

    func chatRequest(_ messages: [ChatMessage], options: RerankOptions, maxTokens: Int, salt: Int = 0) -> ChatCompletionRequest {
        ChatCompletionRequest(
            model: model, messages: messages, temperature: options.temperature, maxTokens: maxTokens,
            seed: Int(truncatingIfNeeded: options.seed &+ UInt64(salt)))
    }

    /// A one-token call whose answer is read from the first token's alternatives, not its text.
    func firstTokenRequest(_ messages: [ChatMessage], options: RerankOptions, salt: Int = 0) -> ChatCompletionRequest {
        var chat = chatRequest(messages, options: options, maxTokens: 1, salt: salt)
        chat.temperature = 0
        chat.logprobs = true
        chat.topLogprobs = FirstTokenLabels.maxLabels
        return chat
    }
}
