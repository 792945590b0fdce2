import LLMClient

/// What the model calls behind a score, a reason or a creative cost, summed.
public struct TokenUsage: Sendable, Hashable {
    public var llmCalls: Int
    public var failedCalls: Int
    public var promptTokens: Int
    public var completionTokens: Int

    public init(llmCalls: Int = 0, failedCalls: Int = 0, promptTokens: Int = 0, completionTokens: Int = 0) {
        self.llmCalls = llmCalls
        self.failedCalls = failedCalls
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }

    public var totalTokens: Int { promptTokens.saturatingAdding(completionTokens) }

    /// Summed saturating: token counts come from the endpoint, and a batch adds up many of them.
    public static func + (left: TokenUsage, right: TokenUsage) -> TokenUsage {
        TokenUsage(
            llmCalls: left.llmCalls.saturatingAdding(right.llmCalls), failedCalls: left.failedCalls.saturatingAdding(right.failedCalls),
            promptTokens: left.promptTokens.saturatingAdding(right.promptTokens),
            completionTokens: left.completionTokens.saturatingAdding(right.completionTokens))
    }

    public static func += (left: inout TokenUsage, right: TokenUsage) { left = left + right }

    /// The calls and tokens of a ranking's counters.
    public init(_ counters: RankingCounters) {
        self.init(
            llmCalls: counters.llmCalls, failedCalls: counters.failedCalls,
            promptTokens: counters.promptTokens, completionTokens: counters.completionTokens)
    }

    /// One call's cost: a completion's usage, or a failed call, counted as every ranking counts its calls.
    init(_ outcome: CallOutcome) {
        var counters = RankingCounters()
        counters.record(outcome)
        self.init(counters)
    }
}
