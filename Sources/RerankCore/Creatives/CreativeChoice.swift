/// Chooses the creatives an ad returns from those that passed every rule, with the reward scorer the `score`
/// command uses (`RewardScorer.combine`): one at a time, the survivor whose addition gives the chosen set the
/// highest reward (relevance to the product and audience, and the set's diversity: ILD, distinct-2, self-BLEU,
/// weighted by `reward:`). Completeness is not traded: a survivor has passed every rule, `incomplete` included,
/// and nothing else is ever chosen.
///
/// The writer asks for more creatives than it keeps so that this choice has something to choose from; the
/// first pick is the most relevant, and each later one must add relevance without repeating the others.
public struct CreativeChoice: Sendable {
    public var weights: RewardWeights
    public var relevance: LexicalRelevance

    /// Survivors compared for the choice at most, the most relevant first (or `count`, when more are wanted):
    /// each pick scores every candidate's set, so the work grows with the square of this, and a set wanting as
    /// many as are compared simply takes them in relevance order.
    public static let maxCompared = 16

    public init(weights: RewardWeights = RewardWeights(), relevance: LexicalRelevance = LexicalRelevance()) {
        self.weights = weights
        self.relevance = relevance
    }

    /// Up to `ad.constraints.count` of `survivors`, in the order picked, each with its scores.
    public func choose(_ survivors: [Creative], for ad: AdRequest) -> [CreativeResult.Chosen] {
        guard !survivors.isEmpty else { return [] }
        let texts = survivors.map(\.text)
        let product = relevance.scores(of: texts, to: ad.product.text)
        let audience: [Double]? = ad.audience.isEmpty ? nil : relevance.scores(of: texts, to: ad.audience.text)
        let blended = survivors.indices.map { index in
            audience.map { 0.7 * product[index] + 0.3 * $0[index] } ?? product[index]
        }
        let similarity = SimilarityMatrix.lexical(texts)
        let count = ad.constraints.count
        // The most relevant first; ties keep the order written.
        let byRelevance = survivors.indices.sorted { blended[$0] > blended[$1] || (blended[$0] == blended[$1] && $0 < $1) }
        let compared = Array(byRelevance.prefix(max(Self.maxCompared, count)))
        var picks: [(index: Int, reward: Double)] = []
        var remaining = compared
        while picks.count < count, !remaining.isEmpty {
            var best = (position: 0, reward: -Double.infinity)
            for (position, candidate) in remaining.enumerated() {
                let reward = setReward(picks.map(\.index) + [candidate], texts: texts, scores: blended, similarity: similarity)
                if reward > best.reward { best = (position, reward) }
            }
            picks.append((remaining.remove(at: best.position), best.reward))
        }
        return picks.enumerated().map { position, pick in
            let closest = picks[..<position].map { similarity[pick.index][$0.index] }.max() ?? 0
            return CreativeResult.Chosen(
                creative: survivors[pick.index], productRelevance: product[pick.index], audienceRelevance: audience?[pick.index],
                relevance: blended[pick.index], novelty: 1 - closest, reward: pick.reward)
        }
    }

    /// The reward scorer's reward of the set `members` (indices into `texts`).
    func setReward(_ members: [Int], texts: [String], scores: [Double], similarity: [[Double]]) -> Double {
        let elements = members.map { ScoredElement(id: String($0), text: texts[$0]) }
        let result = RelevanceResult(
            scores: members.map { scores[$0] }, similarity: members.map { row in members.map { similarity[row][$0] } })
        return RewardScorer.combine(elements, relevance: result, backend: relevance.method.rawValue, weights: weights).reward
    }
}
