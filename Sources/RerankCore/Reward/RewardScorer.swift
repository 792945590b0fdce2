/// Judges a list against its context: relevance per element from a pluggable backend, diversity of the list,
/// hard-constraint pass/fail where given, and one reward that weighs them (see `RewardWeights`).
public struct RewardScorer: Sendable {
    public let relevance: any RelevanceScoring
    public let weights: RewardWeights
    /// The highest n-gram order self-BLEU counts.
    public let selfBLEUOrder: Int

    public init(relevance: any RelevanceScoring = LexicalRelevance(), weights: RewardWeights = RewardWeights(), selfBLEUOrder: Int = 4) {
        self.relevance = relevance
        self.weights = weights
        self.selfBLEUOrder = selfBLEUOrder
    }

    /// Scores `elements` against `context`. `pool` (the attributes of every candidate the list was chosen from)
    /// makes coverage a share of the pool's values; without it coverage is distinct ÷ all values in the list.
    public func score(_ elements: [ScoredElement], context: String, pool: [[Item.Attribute]]? = nil) async throws(RewardError) -> ListScore
    {
        let texts = elements.map(\.text)
        let result = try await relevance.score(texts, context: context)
        return Self.combine(
            elements, relevance: result, backend: relevance.backendName, weights: weights, pool: pool, selfBLEUOrder: selfBLEUOrder)
    }

    /// The measures and reward from relevance already computed; pure.
    public static func combine(
        _ elements: [ScoredElement], relevance result: RelevanceResult, backend: String, weights: RewardWeights,
        pool: [[Item.Attribute]]? = nil, selfBLEUOrder: Int = 4
    ) -> ListScore {
        let texts = elements.map(\.text)
        let scores = elements.indices.map { result.scores.indices.contains($0) ? result.scores[$0] : 0 }
        let elementScores = elements.indices.map { index -> ElementScore in
            let violations = elements[index].violations
            let passes = violations.map(\.isEmpty)
            return ElementScore(
                id: elements[index].id, relevance: scores[index], reward: passes == false ? 0 : scores[index],
                passes: passes, violations: violations ?? [])
        }
        let mean = scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count)
        let ild = Diversity.intraListDiversity(similarity: result.similarity)
        let hasAttributes = elements.contains { !$0.attributes.isEmpty }
        let coverage = hasAttributes ? Diversity.attributeCoverage(elements.map(\.attributes), pool: pool) : nil
        let distinct1 = Diversity.distinctN(texts, n: 1)
        let distinct2 = Diversity.distinctN(texts, n: 2)
        let selfBLEU = Diversity.selfBLEU(texts, maxN: selfBLEUOrder)
        let several = elements.count >= 2
        let reward = weights.combine(
            relevance: elements.isEmpty ? nil : mean,
            intraListDiversity: several ? ild : nil,
            coverage: coverage,
            distinct2: several ? distinct2 : nil,
            selfBLEU: several ? selfBLEU : nil)
        let constrained = elements.contains { $0.violations != nil }
        return ListScore(
            backend: backend, elements: elementScores, meanRelevance: mean, intraListDiversity: ild, coverage: coverage,
            distinct1: distinct1, distinct2: distinct2, selfBLEU: selfBLEU, reward: reward,
            allPass: constrained ? elementScores.allSatisfy { $0.passes != false } : nil, usage: result.usage)
    }
}
