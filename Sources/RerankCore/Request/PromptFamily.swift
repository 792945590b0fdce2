/// The prompt family a listwise or pointwise call uses.
public enum PromptFamily: String, Sendable, Hashable, CaseIterable, Codable {
    /// Zero-shot ranker: history in order, rank by likelihood of the next interaction.
    case sequential
    /// Zero-shot ranker, recency-focused: also names the most recent item.
    case recency
    /// Zero-shot ranker, in-context: the last history item demonstrated as the answer to the earlier history.
    case icl
    /// PALR: a user profile written from the history, then ranking with it.
    case palr
}
