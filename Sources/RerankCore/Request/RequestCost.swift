import LLMClient

/// The most model calls a request can make, worked out from its options before any is made, so one line
/// cannot order thousands of calls (`serve.max_calls_per_request` bounds it).
///
/// Each call's tokens are bounded already (`serve.max_prompt_tokens` for the prompt, the answer's
/// `max_tokens`), so bounding calls bounds tokens too. The arithmetic saturates: options from a configuration
/// file can be as large as 2^53, and a product past `Int.max` is simply too costly.
public enum RequestCost {
    /// Calls in the worst case: the strategy's own (`Ranker.maxCalls`), plus the PALR profile and reasons asked twice.
    public static func maxCalls(candidates: Int, options: RerankOptions) -> Int {
        guard candidates > 1 else { return 0 }
        var calls = options.strategy.ranker.maxCalls(candidates: candidates, options: options)
        if options.prompt == .palr { calls = calls.saturatingAdding(1) }
        if options.reasons > 0 { calls = calls.saturatingAdding(2) }
        return calls
    }
}
