extension LexicalRelevance: RelevanceScoring {
    public var backendName: String { method.rawValue }

    public func score(_ elements: [String], context: String) async throws(RewardError) -> RelevanceResult {
        RelevanceResult(scores: scores(of: elements, to: context), similarity: SimilarityMatrix.lexical(elements))
    }
}
