import LLMClient

/// The counters every account of a ranking shares, declared once: what its model calls cost and how its
/// answers read. A request's `RerankDiagnostics`, a strategy's `StrategyResult` and the evaluation's per-list
/// usage and totals each hold one, and add them with `+`.
public struct RankingCounters: Sendable, Hashable {
    /// Calls made to the endpoint, failed ones included.
    public var llmCalls = 0
    /// Calls that got no answer.
    public var failedCalls = 0
    /// Prompt tokens, as the endpoint reported them.
    public var promptTokens = 0
    /// Completion tokens, as the endpoint reported them.
    public var completionTokens = 0
    /// Prompt tokens the server read from its prompt cache.
    public var cachedTokens = 0
    /// Prompt tokens the server had to read (prefill): the prompt less what its cache held. On a CPU this, not the
    /// answer, is most of a call's time, so it is the unit cost is counted in.
    public var prefillTokens: Int { max(0, promptTokens - cachedTokens) }
    /// Attempts beyond the first, over every call.
    public var retries = 0
    /// Listwise votes asked of each window: the request's `votes`, at least 1; 0 for the other strategies.
    public var votes = 0
    /// Listwise answers that were a complete permutation as first given.
    public var firstTryValid = 0
    /// Listwise answers re-asked with a corrective message.
    public var reasked = 0
    /// Listwise answers that still needed algorithmic repair after any re-ask.
    public var repaired = 0
    /// What repair did to the answers.
    public var repairs = RepairCounts()

    /// No calls, no answers.
    public init() {}

    /// Both sides' counts added; token counts saturating, since they come from the endpoint and many add up.
    public static func + (left: RankingCounters, right: RankingCounters) -> RankingCounters {
        var sum = left
        sum.llmCalls += right.llmCalls
        sum.failedCalls += right.failedCalls
        sum.promptTokens = left.promptTokens.saturatingAdding(right.promptTokens)
        sum.completionTokens = left.completionTokens.saturatingAdding(right.completionTokens)
        sum.cachedTokens = left.cachedTokens.saturatingAdding(right.cachedTokens)
        sum.retries += right.retries
        sum.votes += right.votes
        sum.firstTryValid += right.firstTryValid
        sum.reasked += right.reasked
        sum.repaired += right.repaired
        sum.repairs = left.repairs + right.repairs
        return sum
    }

    /// Adds the right side's counts to the left's.
    public static func += (left: inout RankingCounters, right: RankingCounters) { left = left + right }

    /// Counts one call: its tokens and retries when answered, a failed call and its extra attempts when not.
    mutating func record(_ outcome: CallOutcome) {
        llmCalls += 1
        if let completion = outcome.completion {
            // The endpoint's numbers: summed saturating, so an absurd count caps the total instead of trapping.
            let usage = completion.usage
            promptTokens = promptTokens.saturatingAdding(usage.promptTokens)
            completionTokens = completionTokens.saturatingAdding(usage.completionTokens)
            cachedTokens = cachedTokens.saturatingAdding(usage.cachedTokens)
            retries += completion.retries
        } else {
            failedCalls += 1
            retries += max(0, (outcome.error?.attempts ?? 1) - 1)
        }
    }
}
