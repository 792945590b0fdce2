/// The decoded body of a successful `POST /chat/completions`.
public struct ChatCompletionResponse: Sendable, Hashable, Codable {
    public var id: String?
    public var model: String?
    public var choices: [Choice]
    public var usage: Usage?

    public struct Choice: Sendable, Hashable, Codable {
        public var index: Int?
        public var message: Message
        public var finishReason: String?
        public var logprobs: Logprobs?

        enum CodingKeys: String, CodingKey {
            case index, message, logprobs
            case finishReason = "finish_reason"
        }
    }

    public struct Message: Sendable, Hashable, Codable {
        public var role: String?
        public var content: String?
        /// Reasoning text some servers return apart from the answer (DeepSeek, llama.cpp with reasoning models).
        public var reasoningContent: String?

        enum CodingKeys: String, CodingKey {
            case role, content
            case reasoningContent = "reasoning_content"
        }
    }

    public struct Logprobs: Sendable, Hashable, Codable {
        public var content: [TokenLogprob]?
    }

    public struct TokenLogprob: Sendable, Hashable, Codable {
        public var token: String
        public var logprob: Double
        public var topLogprobs: [TopLogprob]?

        enum CodingKeys: String, CodingKey {
            case token, logprob
            case topLogprobs = "top_logprobs"
        }
    }

    public struct TopLogprob: Sendable, Hashable, Codable {
        public var token: String
        public var logprob: Double
    }

    public struct Usage: Sendable, Hashable, Codable {
        public var promptTokens: Int
        public var completionTokens: Int
        public var totalTokens: Int?
        public var promptTokensDetails: PromptTokensDetails?

        public var cachedTokens: Int { promptTokensDetails?.cachedTokens ?? 0 }

        public init(promptTokens: Int, completionTokens: Int, cachedTokens: Int = 0) {
            self.promptTokens = promptTokens
            self.completionTokens = completionTokens
            self.totalTokens = promptTokens + completionTokens
            self.promptTokensDetails = PromptTokensDetails(cachedTokens: cachedTokens)
        }

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case totalTokens = "total_tokens"
            case promptTokensDetails = "prompt_tokens_details"
        }
    }

    public struct PromptTokensDetails: Sendable, Hashable, Codable {
        public var cachedTokens: Int?

        enum CodingKeys: String, CodingKey {
            case cachedTokens = "cached_tokens"
        }
    }

    /// The first choice's text, the answer a caller almost always wants.
    public var text: String? { choices.first?.message.content }
}
