extension ChatCompletionRequest {
    /// The request with its token limit sent in `field` instead of `max_tokens` (OpenAI's reasoning models
    /// answer 400 to `max_tokens` and want `max_completion_tokens`).
    public func limitingTokens(in field: String) -> ChatCompletionRequest {
        guard field != "max_tokens", let limit = maxTokens else { return self }
        var copy = self
        copy.maxTokens = nil
        copy.extraBody[field] = .number(Double(limit))
        return copy
    }
}
