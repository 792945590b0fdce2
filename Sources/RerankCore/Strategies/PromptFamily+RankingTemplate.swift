extension PromptFamily {
    /// The template that ranks for this family.
    var rankingTemplate: String {
        switch self {
        case .sequential, .recency, .icl: return rawValue
        case .palr: return "palr_rank"
        }
    }
}
