import JSONLines

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
