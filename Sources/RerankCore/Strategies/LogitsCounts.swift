/// What calls read from first-token logits said, summed over a request; reported in `diagnostics`.
public struct LogitsCounts: Sendable, Hashable {
    /// Calls whose first token was read for labels.
    public var scoredCalls = 0
    /// Calls made for logits that came back without them and were answered by generation instead.
    public var fallbacks = 0
    /// Labels absent from the returned alternatives, given the floor score, summed over calls.
    public var labelsMissing = 0
    /// Calls whose alternatives named no label at all (they abstain).
    public var unusable = 0
    /// Of those, calls whose first token opened a reasoning block (`<think>`): a thinking model.
    public var reasoning = 0
    /// Setwise and pairwise comparisons asked, and those that gave no usable answer (kept in upstream order).
    public var comparisons = 0
    public var unusableComparisons = 0
    /// The first unusable first token seen, so the cause can be read off the answer.
    public var firstUnusableToken: String?

    public init() {}

    public var isEmpty: Bool { self == LogitsCounts() }

    public static func + (left: LogitsCounts, right: LogitsCounts) -> LogitsCounts {
        var sum = left
        sum.scoredCalls += right.scoredCalls
        sum.fallbacks += right.fallbacks
        sum.labelsMissing += right.labelsMissing
        sum.unusable += right.unusable
        sum.reasoning += right.reasoning
        sum.comparisons += right.comparisons
        sum.unusableComparisons += right.unusableComparisons
        sum.firstUnusableToken = left.firstUnusableToken ?? right.firstUnusableToken
        return sum
    }

    /// Counts one reading of a first token.
    mutating func record(_ reading: FirstTokenLabels.Reading) {
        switch reading {
        case .scores(_, let missing):
            scoredCalls += 1
            labelsMissing += missing
        case .noLogprobs:
            fallbacks += 1
        case .noLabel(let token, let isReasoning):
            scoredCalls += 1
            unusable += 1
            if isReasoning { reasoning += 1 }
            firstUnusableToken = firstUnusableToken ?? token
        }
    }
}
