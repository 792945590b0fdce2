import LLMClient

/// The most model calls a request can make, worked out from its options before any is made, so one line
/// cannot order thousands of calls (`serve.max_calls_per_request` bounds it).
///
/// Each call's tokens are bounded already (`serve.max_prompt_tokens` for the prompt, the answer's
/// `max_tokens`), so bounding calls bounds tokens too. The arithmetic saturates: options from a configuration
/// file can be as large as 2^53, and a product past `Int.max` is simply too costly.
public enum RequestCost {
    /// Calls in the worst case: every re-ask taken, pointwise falling back to ratings, reasons asked twice.
    public static func maxCalls(candidates: Int, options: RerankOptions) -> Int {
        guard candidates > 1 else { return 0 }
        var calls: Int
        switch options.strategy {
        case .listwise:
            let logits = options.scoring == .logits
            let window = logits ? min(options.window, FirstTokenLabels.maxLabels) : options.window
            let passes = SlidingWindow.plan(count: candidates, window: window, step: min(options.step, window - 1)).count
            // A logits vote that finds no logprobs is asked again for text, which may be re-asked too.
            let perVote = (options.reask ? 2 : 1) + (logits ? 1 : 0)
            calls = max(1, options.votes).saturatingMultiplied(by: passes).saturatingMultiplied(by: perVote)
        case .pointwise:
            calls = candidates.saturatingMultiplied(by: 2)
        case .pairwise:
            if candidates <= PairwiseRanker.allPairsLimit {
                calls = candidates.saturatingMultiplied(by: candidates - 1)
            } else {
                // Merge sort: at most K·⌈log2 K⌉ comparisons, each asked in both orders.
                let depth = Int.bitWidth - (candidates - 1).leadingZeroBitCount
                calls = candidates.saturatingMultiplied(by: 2).saturatingMultiplied(by: depth)
            }
        case .setwise:
            // Building a heap costs at most one comparison per candidate (the sum of the nodes' heights), and
            // each extracted item one per level of depth. Each comparison is asked once per vote, and a call
            // without logprobs is asked again for text.
            let arity = max(1, min(options.setSize, FirstTokenLabels.maxLabels) - 1)
            var depth = 1
            var reach = 1
            while reach < candidates {
                reach = reach.saturatingMultiplied(by: arity).saturatingAdding(1)
                depth += 1
            }
            let comparisons = candidates.saturatingAdding(min(options.topK, candidates).saturatingMultiplied(by: depth))
            calls = comparisons.saturatingMultiplied(by: 2).saturatingMultiplied(by: max(1, options.votes))
        }
        if options.calibration == .contentFree, options.strategy == .setwise || (options.strategy == .listwise && options.scoring == .logits) {
            // One content-free call per label count: setwise sets come in every size from 2 to set_size; listwise
            // windows in at most two (the full window and a shorter last one).
            calls = calls.saturatingAdding(options.strategy == .setwise ? max(1, min(options.setSize, FirstTokenLabels.maxLabels) - 1) : 2)
        }
        if options.prompt == .palr { calls = calls.saturatingAdding(1) }
        if options.reasons > 0 { calls = calls.saturatingAdding(2) }
        return calls
    }
}
