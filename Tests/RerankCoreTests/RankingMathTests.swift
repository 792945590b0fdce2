import Foundation
import JSONLines
import LLMClient
import Testing

@testable import RerankCore

@Suite("Sliding windows")
struct SlidingWindowTests {
    @Test("windows cover every position, end at the top, and never exceed the window", arguments: [20, 21, 35, 100, 7, 1])
    func coverage(count: Int) {
        let plan = SlidingWindow.plan(count: count, window: 20, step: 10)
        var covered = Set<Int>()
        for range in plan {
            #expect(range.count <= 20)
            covered.formUnion(range)
        }
        #expect(covered == Set(0..<count))
        #expect(plan.last?.lowerBound == 0)
        #expect(plan.first?.upperBound == count)
    }

    @Test("hand-computed plans")
    func plans() {
        #expect(SlidingWindow.plan(count: 20, window: 20, step: 10) == [0..<20])
        #expect(SlidingWindow.plan(count: 21, window: 20, step: 10) == [1..<21, 0..<11])
        #expect(SlidingWindow.plan(count: 35, window: 20, step: 10) == [15..<35, 5..<25, 0..<15])
        #expect(SlidingWindow.plan(count: 100, window: 20, step: 10).count == 9)
        // A step as large as the window would leave no overlap for a candidate to climb: it is capped.
        #expect(SlidingWindow.plan(count: 6, window: 3, step: 5) == [3..<6, 1..<4, 0..<2])
    }
}

@Suite("Kendall tau and fusion")
struct RankCorrelationTests {
    @Test("tau of identical, reversed and hand-computed orderings")
    func tau() {
        #expect(KendallTau.between([0, 1, 2, 3], [0, 1, 2, 3]) == 1)
        #expect(KendallTau.between([0, 1, 2, 3], [3, 2, 1, 0]) == -1)
        // One swapped adjacent pair of 6 pairs: (5 − 1) / 6.
        #expect(abs(KendallTau.between([0, 1, 2, 3], [1, 0, 2, 3]) - 4.0 / 6) < 1e-12)
        #expect(KendallTau.meanPairwise([[0, 1, 2]]) == nil)
        #expect(KendallTau.meanPairwise([[0, 1, 2], [0, 1, 2], [2, 1, 0]]) == (1 - 1 - 1) / 3.0)
    }

    @Test("fusion weight 0 keeps the LLM order, 1 the upstream order, 0.5 blends by the documented formula")
    func fusion() {
        let llm = [2, 0, 1, 3]
        let upstream = [0, 1, 2, 3]
        #expect(Fusion.fuse(llmOrder: llm, upstreamOrder: upstream, weight: 0).order == llm)
        #expect(Fusion.fuse(llmOrder: llm, upstreamOrder: upstream, weight: 1).order == upstream)
        let (order, scores) = Fusion.fuse(llmOrder: llm, upstreamOrder: upstream, weight: 0.5)
        // Candidate 0: llm rank 2 → 2/3, upstream rank 1 → 1: 0.8333; candidate 2: 1 and 1/3: 0.6667;
        // candidate 1: 1/3 and 2/3: 0.5; candidate 3: 0 and 0.
        #expect(abs(scores[0] - 5.0 / 6) < 1e-12)
        #expect(abs(scores[2] - 4.0 / 6) < 1e-12)
        #expect(order == [0, 2, 1, 3])
    }
}

@Suite("Strategy answers")
struct StrategyAnswerTests {
    func response(_ tokens: [(String, Double)]) throws -> ChatCompletionResponse {
        let top = tokens.map { #"{"token":"\#($0.0)","logprob":\#($0.1)}"# }.joined(separator: ",")
        let text =
            #"{"choices":[{"message":{"content":"\#(tokens[0].0)"},"logprobs":{"content":[{"token":"\#(tokens[0].0)","logprob":\#(tokens[0].1),"top_logprobs":[\#(top)]}]}}]}"#
        return try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(text.utf8))
    }

    @Test("P(yes) is normalised against no, summing case and space variants")
    func yesProbability() throws {
        let p = try #require(
            PointwiseRanker.yesProbability(response([("Yes", log(0.6)), (" yes", log(0.1)), ("No", log(0.2)), ("Maybe", log(0.1))])))
        #expect(abs(p - 0.7 / 0.9) < 1e-9)
        #expect(PointwiseRanker.yesProbability(try response([("Maybe", log(0.9)), ("Perhaps", log(0.1))])) == nil)
        let onlyYes = try #require(PointwiseRanker.yesProbability(response([("Yes", log(0.9)), ("Sure", log(0.05))])))
        #expect(onlyYes > 0.9)
    }

    @Test("P(yes) is a finite number in [0, 1] or nil, whatever log-probabilities the endpoint sends")
    func yesProbabilityHostile() throws {
        let extremes: [Double] = [1e308, -1e308, .infinity, -.infinity, .nan, 0, 1e-9, -1e-300, log(0.3)]
        for yes in extremes {
            for no in extremes {
                for other in extremes {
                    let p = PointwiseRanker.yesProbability(alternatives: [("Yes", yes), ("No", no), ("Maybe", other)])
                    #expect(
                        p.map { $0.isFinite && (0...1).contains($0) } ?? true,
                        "yes \(yes), no \(no), other \(other): \(String(describing: p))")
                }
            }
        }
        // An impossible value anywhere leaves no reading, so the candidate is asked for a rating instead.
        for impossible in [1e308, .infinity, .nan] {
            #expect(PointwiseRanker.yesProbability(alternatives: [("Yes", impossible), ("No", log(0.5))]) == nil)
            #expect(PointwiseRanker.yesProbability(alternatives: [("Yes", log(0.5)), ("No", log(0.4)), ("Maybe", impossible)]) == nil)
        }
        // A vanishing "no" leaves "yes" certain, and the reverse.
        #expect(PointwiseRanker.yesProbability(alternatives: [("Yes", log(0.5)), ("No", -1e308)]) == 1)
        #expect(PointwiseRanker.yesProbability(alternatives: [("Yes", -.infinity), ("No", log(0.5))]) == 0)
        // The same through a decoded response: 1e308 is valid JSON.
        #expect(PointwiseRanker.yesProbability(try response([("Yes", 1e308), ("No", -1)])) == nil)
        let p = try #require(PointwiseRanker.yesProbability(response([("Yes", -1e308), ("No", -1)])))
        #expect(p.isFinite && p < 0.01)
    }

    @Test("the expected grade is the probability-weighted mean of the grade digits, divided by 4")
    func expectedGrade() throws {
        // Hand-computed: (0·0.1 + 3·0.5 + 4·0.2) / (0.1 + 0.5 + 0.2) = 2.3 / 0.8 = 2.875, / 4 = 0.71875.
        let graded = try #require(
            PointwiseRanker.expectedGrade(alternatives: [("3", log(0.5)), ("4", log(0.2)), ("0", log(0.1)), ("Yes", log(0.2))]))
        #expect(abs(graded - 0.71875) < 1e-9)
        // Tokens with spaces or space markers name the same grade and add up; a token listed twice counts once.
        let spaced = try #require(
            PointwiseRanker.expectedGrade(alternatives: [(" 2", log(0.3)), ("Ġ2", log(0.1)), ("4", log(0.4)), ("4", log(0.4))]))
        // (2·0.4 + 4·0.4) / 0.8 = 3, / 4 = 0.75.
        #expect(abs(spaced - 0.75) < 1e-9)
        // A single grade shown is certain, whatever its probability; grades absent from the alternatives count 0.
        #expect(PointwiseRanker.expectedGrade(alternatives: [("1", log(0.05)), ("The", log(0.9))]) == 0.25)
        // Digits outside 0–4, numbers of two digits and words are no grade.
        #expect(PointwiseRanker.expectedGrade(alternatives: [("5", log(0.5)), ("10", log(0.3)), ("three", log(0.1))]) == nil)
        #expect(PointwiseRanker.expectedGrade(alternatives: [("٣", log(0.5)), ("+3", log(0.3))]) == nil)
        // An impossible log-probability anywhere leaves no reading.
        #expect(PointwiseRanker.expectedGrade(alternatives: [("3", .nan), ("4", log(0.5))]) == nil)
        #expect(PointwiseRanker.expectedGrade(alternatives: [("3", 1e308)]) == nil)
        // Extreme but possible values stay in [0, 1].
        #expect(PointwiseRanker.expectedGrade(alternatives: [("4", 0), ("0", -1e308)]) == 1)
        #expect(PointwiseRanker.expectedGrade(alternatives: [("4", -.infinity), ("0", log(0.5))]) == 0)
    }

    @Test("a response without logprobs has no P(yes), and ratings are read from text")
    func rating() throws {
        let bare = try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(#"{"choices":[{"message":{"content":"Yes"}}]}"#.utf8))
        #expect(PointwiseRanker.yesProbability(bare) == nil)
        #expect(PointwiseRanker.rating(in: "I'd say 4 out of 5") == 4)
        #expect(PointwiseRanker.rating(in: "Rating: ５") == 5)
        #expect(PointwiseRanker.rating(in: "no idea") == nil)
    }

    @Test("pairwise answers are read as the first standalone A or B")
    func pairwiseChoice() {
        #expect(PairwiseRanker.choice(in: "A") == .first)
        #expect(PairwiseRanker.choice(in: "Answer: B.") == .second)
        #expect(PairwiseRanker.choice(in: "a good choice is B") == .second)
        #expect(PairwiseRanker.choice(in: "Both are fine") == nil)
    }

    @Test("the corrective message names exactly what was missing, repeated and unknown")
    func correction() {
        let references: [PermutationParser.Reference] = [.candidate(0), .candidate(0), .unknown("[9]"), .candidate(2)]
        let message = ListwiseRanker.correction(references: references, count: 4)
        #expect(message.contains("left out [2], [4]"))
        #expect(message.contains("repeated [1]"))
        #expect(message.contains("[9]"))
        #expect(message.contains("all 4 labels"))
    }

    @Test("the structured-output schema lists exactly the shown labels")
    func schema() throws {
        let schema = ListwiseRanker.permutationSchema(count: 3)
        let data = try JSONEncoder().encode(schema)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(((object["items"] as? [String: Any])?["enum"] as? [Int]) == [1, 2, 3])
        #expect(object["minItems"] as? Int == 3)
    }
}

@Suite("Prefill as the cost unit")
struct PrefillTokenTests {
    @Test("prefill tokens are the prompt less what the cache held, never below 0, and every answer's diagnostics give them")
    func prefill() throws {
        var counters = RankingCounters()
        counters.promptTokens = 1_200
        counters.cachedTokens = 900
        #expect(counters.prefillTokens == 300)
        // An endpoint that reports more cached than prompt tokens prefilled nothing, not a negative count.
        counters.cachedTokens = 5_000
        #expect(counters.prefillTokens == 0)
        var diagnostics = RerankDiagnostics(strategy: "pointwise", prompt: "sequential")
        diagnostics.counters.promptTokens = 400
        diagnostics.counters.cachedTokens = 150
        let line = OutputJSON.object([("diagnostics", diagnostics.outputJSON)]).serialized
        #expect(line.contains(#""prefill_tokens":250"#), "\(line)")
    }
}
