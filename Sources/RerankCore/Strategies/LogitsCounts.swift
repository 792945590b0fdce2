import JSONLines

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
    /// Pairwise comparisons whose two orders both picked the same shown label (A both times, or B both times):
    /// the answer followed the position, not the items (an inconsistent result, Qin et al. 2023). Read from
    /// logits, such a pair is decided only by how much surer the model was of that label in one order; read
    /// from letters, it is a tie kept in upstream order.
    public var inconsistentComparisons = 0
    /// `calibration: content_free`: the content-free calls made, and those whose first token named no label
    /// (their readings were then used uncalibrated).
    public var calibrationCalls = 0
    public var calibrationUnusable = 0
    /// The first unusable first token seen, so the cause can be read off the answer.
    public var firstUnusableToken: String?
    /// Scored calls whose most likely label was the one shown at each position (A first). Beside
    /// `expectedPicksByLabel` this is the position bias of first-token readings, measured where it happens.
    public var picksByLabel: [Int] = []
    /// The picks each position would get from a reader without position bias: every scored call adds
    /// 1 / (labels it showed) to each position it showed, so sets of different sizes add up correctly.
    public var expectedPicksByLabel: [Double] = []

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
        sum.inconsistentComparisons += right.inconsistentComparisons
        sum.calibrationCalls += right.calibrationCalls
        sum.calibrationUnusable += right.calibrationUnusable
        sum.firstUnusableToken = left.firstUnusableToken ?? right.firstUnusableToken
        sum.picksByLabel = elementwiseSum(left.picksByLabel, right.picksByLabel)
        sum.expectedPicksByLabel = elementwiseSum(left.expectedPicksByLabel, right.expectedPicksByLabel)
        return sum
    }

    /// Two per-position tallies added, the shorter one read as zeros beyond its end.
    private static func elementwiseSum<Number: AdditiveArithmetic>(_ left: [Number], _ right: [Number]) -> [Number] {
        (0..<max(left.count, right.count)).map { index in
            (index < left.count ? left[index] : .zero) + (index < right.count ? right[index] : .zero)
        }
    }

    /// The shown position a scored call put first. Exact ties (a label never seen among several floored ones
    /// cannot win) go to the earliest position, as the ranking's tie rule does.
    static func pickedPosition(_ scores: [Double]) -> Int? {
        scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }
    }

    /// Counts which shown position a scored call put first.
    private mutating func recordPick(_ scores: [Double]) {
        guard let best = Self.pickedPosition(scores) else { return }
        var pick = [Int](repeating: 0, count: scores.count)
        pick[best] = 1
        picksByLabel = Self.elementwiseSum(picksByLabel, pick)
        expectedPicksByLabel = Self.elementwiseSum(expectedPicksByLabel, Array(repeating: 1 / Double(scores.count), count: scores.count))
    }

    /// Counts one reading of a first token.
    mutating func record(_ reading: FirstTokenLabels.Reading) {
        switch reading {
        case .scores(let scores, let missing):
            scoredCalls += 1
            labelsMissing += missing
            recordPick(scores)
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

extension LogitsCounts: OutputJSONConvertible {
    /// `diagnostics.logits`: the counts, and a note naming the fix when readings failed for a known cause.
    public var outputJSON: OutputJSON {
        var members: [(String, OutputJSON)] = [
            ("scored_calls", .int(scoredCalls)),
            ("fallbacks", .int(fallbacks)),
            ("labels_missing", .int(labelsMissing)),
            ("unusable", .int(unusable)),
        ]
        if comparisons > 0 {
            members.append(("comparisons", .int(comparisons)))
            members.append(("unusable_comparisons", .int(unusableComparisons)))
            if inconsistentComparisons > 0 { members.append(("inconsistent_comparisons", .int(inconsistentComparisons))) }
        }
        if calibrationCalls > 0 {
            members.append(("calibration_calls", .int(calibrationCalls)))
            members.append(("calibration_unusable", .int(calibrationUnusable)))
        }
        if !picksByLabel.isEmpty {
            members.append(("picks_by_label", Self.byLetter(picksByLabel.map { .int($0) })))
            members.append(("expected_picks_by_label", Self.byLetter(expectedPicksByLabel.map { .double(($0 * 100).rounded() / 100) })))
        }
        if let firstUnusableToken { members.append(("first_unusable_token", .string(firstUnusableToken))) }
        if let note { members.append(("note", .string(note))) }
        return .object(members)
    }

    /// A per-position tally keyed by the position's label letter: `{"A": 12, "B": 7, …}`.
    static func byLetter(_ values: [OutputJSON]) -> OutputJSON {
        .object(zip(FirstTokenLabels.letters, values).map { ($0, $1) })
    }

    /// Why readings failed, in words a user can act on.
    public var note: String? {
        if reasoning > 0 {
            return "the first answer token opened a reasoning block in \(reasoning) call(s), so no label could be read; "
                + "switch thinking off, e.g. endpoint.extra_body: {chat_template_kwargs: {enable_thinking: false}}"
        }
        if unusable > 0 { return "\(unusable) call(s) named no label in their first token's alternatives; those calls abstained" }
        if fallbacks > 0 { return "the endpoint returned no logprobs for \(fallbacks) call(s); they were answered by generated text" }
        if calibrationUnusable > 0 {
            return
                "\(calibrationUnusable) content-free calibration call(s) named no label; the readings they were for were used uncalibrated"
        }
        if inconsistentComparisons * 2 > comparisons {
            return "\(inconsistentComparisons) of \(comparisons) pairwise comparison(s) picked the same shown label in both orders: "
                + "the model answers by position, not by item, so this order is close to noise; strategy pointwise asks without positions"
        }
        return nil
    }
}
