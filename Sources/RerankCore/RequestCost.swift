/// The most model calls a request can make, worked out from its options before any is made, so one line
/// cannot order thousands of calls (`serve.max_calls_per_request` bounds it).
///
/// Each call's tokens are bounded already (`serve.max_prompt_tokens` for the prompt, the answer's
/// `max_tokens`), so bounding calls bounds tokens too.
public enum RequestCost {
    /// Calls in the worst case: every re-ask taken, pointwise falling back to ratings, reasons asked twice.
    public static func maxCalls(candidates: Int, options: RerankOptions) -> Int {
        guard candidates > 1 else { return 0 }
        var calls: Int
        switch options.strategy {
        case .listwise:
            let passes = SlidingWindow.plan(count: candidates, window: options.window, step: options.step).count
            calls = max(1, options.votes).multipliedReportingOverflow(by: passes).partialValue * (options.reask ? 2 : 1)
        case .pointwise:
            calls = candidates * 2
        case .pairwise:
            if candidates <= PairwiseRanker.allPairsLimit {
                calls = candidates * (candidates - 1)
            } else {
                // Merge sort: at most K·⌈log2 K⌉ comparisons, each asked in both orders.
                let depth = Int.bitWidth - (candidates - 1).leadingZeroBitCount
                calls = 2 * candidates * depth
            }
        }
        if options.prompt == .palr { calls += 1 }
        if options.reasons > 0 { calls += 2 }
        return calls
    }
}
