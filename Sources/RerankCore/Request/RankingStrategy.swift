/// How the LLM is asked to order the candidates.
public enum RankingStrategy: String, Sendable, Hashable, CaseIterable, Codable {
    case listwise
    case pointwise
    case pairwise
    /// The model picks the best of a small labelled set; a heap sort over those picks orders the top `top_k`.
    case setwise
}
