/// How the LLM's judgement and the upstream ranker's are blended (see `Fusion`).
public enum FusionMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// Both sides as ranks scaled to [0, 1]: works for every strategy whatever its scores mean.
    case rank
    /// Both sides' scores standardised within the list, then weighted: keeps how sure the model was and
    /// how far apart the upstream scores are. Falls back to ranks for a side that has no scores.
    case score
}
