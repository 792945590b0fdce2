/// How a listwise or setwise call is read.
public enum ScoringMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// The model writes its answer (a permutation, a label) and the text is parsed.
    case generate
    /// One token is generated; the candidates are scored by their labels' log-probabilities as that first
    /// token (FIRST-style). Small models carry their signal in these logits, not in the text they write.
    case logits
}
