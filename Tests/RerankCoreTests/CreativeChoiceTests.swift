import Foundation
import Testing

@testable import RerankCore

@Suite("Choosing creatives with the reward scorer")
struct CreativeChoiceTests {
    private let ad = AdRequest(
        id: "ad",
        product: .init(
            title: "AeroBrew Pour-Over Coffee Kettle", description: "Gooseneck kettle with a temperature display for pour-over coffee.",
            brand: "Kiln & Co"),
        constraints: CreativeConstraints(count: 2))

    @Test("the most relevant is picked first, then the one that adds most to the set's reward, not a near copy of the first")
    func picksRelevantAndVaried() {
        let survivors = [
            Creative(headline: "Slow garden walks", description: "Shoes for a quiet afternoon in the park."),
            Creative(headline: "Pour-over coffee, exact heat", description: "A gooseneck kettle with a temperature display."),
            Creative(headline: "Pour-over coffee, exact heat now", description: "A gooseneck kettle with a temperature display too."),
            Creative(headline: "Brew your morning slowly", description: "Steady gooseneck pours for better coffee."),
        ]
        let chosen = CreativeChoice().choose(survivors, for: ad)
        #expect(chosen.map(\.creative) == [survivors[1], survivors[3]])
        #expect(chosen[0].novelty == 1)
        #expect(chosen[1].novelty < 1)
        // Each pick carries the reward scorer's reward of the set chosen up to it.
        // similarity from the survivors as one corpus, as the choice computes it.
        let all = SimilarityMatrix.lexical(survivors.map(\.text))
        let relevance = RelevanceResult(scores: chosen.map(\.relevance), similarity: [[all[1][1], all[1][3]], [all[3][1], all[3][3]]])
        let expected = RewardScorer.combine(
            [ScoredElement(id: "1", text: survivors[1].text), ScoredElement(id: "3", text: survivors[3].text)], relevance: relevance,
            backend: "tfidf", weights: RewardWeights()
        ).reward
        #expect(abs(chosen[1].reward - expected) < 1e-9)
        #expect(abs(chosen[0].reward - chosen[0].relevance) < 1e-9)
    }

    @Test("with the diversity weights at 0 the choice is relevance order; fewer survivors than wanted are all returned")
    func weights() {
        let survivors = [
            Creative(headline: "Exact heat for coffee", description: "A gooseneck kettle for pour-over coffee."),
            Creative(headline: "Exact heat for coffee too", description: "A gooseneck kettle for pour-over coffee, again."),
            Creative(headline: "A calm kitchen", description: "Quiet mornings."),
        ]
        let relevanceOnly = CreativeChoice(weights: RewardWeights(intraListDiversity: 0, coverage: 0, distinct2: 0, selfBLEU: 0))
        #expect(relevanceOnly.choose(survivors, for: ad).map(\.creative) == [survivors[0], survivors[1]])
        #expect(CreativeChoice().choose(Array(survivors.prefix(1)), for: ad).count == 1)
        #expect(CreativeChoice().choose([], for: ad).isEmpty)
    }
}
