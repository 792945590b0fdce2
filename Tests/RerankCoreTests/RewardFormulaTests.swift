import Foundation
import Testing

@testable import RerankCore

private func close(_ left: Double, _ right: Double, tolerance: Double = 1e-9) -> Bool { abs(left - right) <= tolerance }

@Suite("Reward formulas against hand-computed values")
struct RewardFormulaTests {
    @Test("the tokenizer lower-cases words and splits Chinese and Japanese into characters")
    func tokenizer() {
        #expect(TextTokenizer.tokens("Red SHOE, size-42!") == ["red", "shoe", "size", "42"])
        #expect(TextTokenizer.tokens("静音マウス") == ["静", "音", "マ", "ウ", "ス"])
        #expect(TextTokenizer.tokens("") == [])
        #expect(TextTokenizer.ngrams(["a", "b", "c"], n: 2) == ["a b", "b c"])
        #expect(TextTokenizer.ngrams(["a"], n: 2) == [])
    }

    @Test("TF-IDF cosine is 1 for the same words, 0 for none shared, and 1/(1+w²) for one shared word of two")
    func tfidf() {
        let lexical = LexicalRelevance(method: .tfidf)
        let scores = lexical.scores(of: ["red shoe", "blue hat"], to: "red shoe")
        #expect(close(scores[0], 1))
        #expect(close(scores[1], 0))
        // Corpus {red hat}, {red shoe}: idf(red) = ln(3/3)+1 = 1, idf(hat) = idf(shoe) = ln(3/2)+1 = w.
        let weight = log(1.5) + 1
        let partial = lexical.scores(of: ["red hat"], to: "red shoe")
        #expect(close(partial[0], 1 / (1 + weight * weight)))
        #expect(lexical.scores(of: [], to: "anything").isEmpty)
        #expect(lexical.scores(of: ["same words", "same words"], to: "same words").allSatisfy { close($0, 1) })
        #expect(lexical.scores(of: [""], to: "red") == [0])
    }

    @Test("BM25 matches the textbook formula and normalises the best element to 1")
    func bm25() {
        let lexical = LexicalRelevance(method: .bm25)
        // d1 = apple pie, d2 = apple tart tart; query tart. N = 2, n(tart) = 1, avgdl = 2.5.
        let raw = lexical.bm25RawScores(of: ["apple pie", "apple tart tart"], to: "tart")
        let idf = log(1 + (2 - 1 + 0.5) / (1 + 0.5))
        let lengthFactor = 1 - 0.75 + 0.75 * 3 / 2.5
        #expect(close(raw[0], 0))
        #expect(close(raw[1], idf * 2 * 2.2 / (2 + 1.2 * lengthFactor)))
        #expect(lexical.scores(of: ["apple pie", "apple tart tart"], to: "tart") == [0, 1])
        #expect(lexical.scores(of: [], to: "tart").isEmpty)
        #expect(lexical.scores(of: ["tart"], to: "tart") == [1])
        #expect(lexical.scores(of: ["tart", "tart"], to: "tart") == [1, 1])
        #expect(lexical.scores(of: ["pie"], to: "tart") == [0])
    }

    @Test("ILD is the mean of 1 − cosine over pairs, and 0 for empty, single and identical lists")
    func intraListDiversity() {
        let a = SparseVector(["x": 1]), b = SparseVector(["y": 1]), c = SparseVector(["x": 1, "y": 1])
        // Pairs: (a,b) 1 − 0, (a,c) 1 − 1/√2, (b,c) 1 − 1/√2.
        #expect(close(Diversity.intraListDiversity([a, b, c]), (3 - 2 / 2.0.squareRoot()) / 3))
        #expect(Diversity.intraListDiversity([]) == 0)
        #expect(Diversity.intraListDiversity([a]) == 0)
        #expect(close(Diversity.intraListDiversity([c, c, c]), 0))
        #expect(close(Diversity.intraListDiversity([a, b]), 1))
    }

    @Test("distinct-n divides distinct n-grams by all n-grams across texts")
    func distinctN() {
        let texts = ["the cat sat", "the cat ran"]
        #expect(close(Diversity.distinctN(texts, n: 1), 4.0 / 6))
        #expect(close(Diversity.distinctN(texts, n: 2), 3.0 / 4))
        #expect(Diversity.distinctN([], n: 1) == 0)
        #expect(Diversity.distinctN(["one"], n: 2) == 0)
        #expect(close(Diversity.distinctN(["a a a"], n: 1), 1.0 / 3))
        #expect(close(Diversity.distinctN(["a b", "a b"], n: 1), 0.5))
        #expect(close(Diversity.distinctN(["a b", "a b"], n: 2), 0.5))
    }

    @Test("BLEU: clipped precisions, brevity penalty and smoothing of zero matches")
    func bleu() {
        // p1 = 2/3, p2 = 1/2, equal lengths: sqrt(1/3).
        #expect(close(BLEU.score(candidate: ["the", "cat", "sat"], references: [["the", "cat", "ran"]], maxN: 2), (1.0 / 3).squareRoot()))
        // No match: p1 = 0.1/2, p2 = 0.1/1.
        #expect(close(BLEU.score(candidate: ["x", "y"], references: [["z", "w"]], maxN: 2), (0.05 * 0.1).squareRoot()))
        // Shorter than the reference: BP = exp(1 − 3/2).
        #expect(close(BLEU.score(candidate: ["the", "cat"], references: [["the", "cat", "sat"]], maxN: 1), exp(-0.5)))
        // Clipping: "the the the" against "the cat" matches "the" once of three.
        #expect(close(BLEU.score(candidate: ["the", "the", "the"], references: [["the", "cat"]], maxN: 1), 1.0 / 3))
        #expect(BLEU.score(candidate: [], references: [["a"]]) == 0)
        #expect(BLEU.score(candidate: ["a"], references: []) == 0)
    }

    @Test("self-BLEU averages each text against the others: 1 for identical, 0 for one or none")
    func selfBLEU() {
        #expect(close(Diversity.selfBLEU(["the cat sat", "the cat ran"], maxN: 2), (1.0 / 3).squareRoot()))
        #expect(close(Diversity.selfBLEU(["same text here", "same text here", "same text here"]), 1))
        #expect(Diversity.selfBLEU(["only one"]) == 0)
        #expect(Diversity.selfBLEU([]) == 0)
    }

    @Test("attribute coverage: distinct values over all values, or over the pool's values")
    func coverage() {
        let list: [[Item.Attribute]] = [[.init(name: "genre", value: "Comedy")], [.init(name: "genre", value: "Comedy|Drama")]]
        #expect(close(Diversity.attributeCoverage(list), 2.0 / 3))
        let pool: [[Item.Attribute]] = [
            [.init(name: "genre", value: "comedy")], [.init(name: "genre", value: "drama")], [.init(name: "genre", value: "horror")],
        ]
        #expect(close(Diversity.attributeCoverage(list, pool: pool), 2.0 / 3))
        #expect(Diversity.attributeCoverage([]) == 0)
        #expect(Diversity.attributeCoverage([[.init(name: "g", value: "a")]]) == 1)
        #expect(Diversity.attributeCoverage([[.init(name: "g", value: "a")], [.init(name: "g", value: "a")]]) == 0.5)
    }

    @Test("MMR trades relevance for novelty as λ falls, keeping input order on ties")
    func mmr() {
        let relevance = [0.9, 0.85, 0.5]
        let similarity = [[1, 0.95, 0.1], [0.95, 1, 0.2], [0.1, 0.2, 1]]
        // λ = 0.5: pick 0 (0.45); then 1 → 0.425 − 0.475 = −0.05, 2 → 0.25 − 0.05 = 0.2: pick 2; then 1.
        #expect(MMR(lambda: 0.5).select(relevance: relevance, similarity: similarity) == [0, 2, 1])
        #expect(MMR(lambda: 1).select(relevance: relevance, similarity: similarity) == [0, 1, 2])
        // λ = 0: everything ties at 0 first, so index 0; then the least similar to it.
        #expect(MMR(lambda: 0).select(relevance: relevance, similarity: similarity) == [0, 2, 1])
        #expect(MMR(lambda: 0.5).select(relevance: relevance, similarity: similarity, count: 2) == [0, 2])
        let values = MMR(lambda: 0.5).selectWithValues(relevance: relevance, similarity: similarity)
        #expect(close(values[0].value, 0.45) && close(values[1].value, 0.2) && close(values[2].value, -0.05))
        #expect(MMR(lambda: 0.5).select(relevance: [], similarity: []) == [])
        #expect(MMR(lambda: 0.5).select(relevance: [0.3], similarity: [[1]]) == [0])
        let identical = Array(repeating: Array(repeating: 1.0, count: 3), count: 3)
        #expect(MMR(lambda: 0.7).select(relevance: [0.5, 0.5, 0.5], similarity: identical) == [0, 1, 2])
        #expect(MMR(lambda: 7).lambda == 1)
    }

    @Test("the reward is the weighted mean of the measures that apply")
    func reward() throws {
        let weights = RewardWeights(relevance: 0.5, intraListDiversity: 0.2, coverage: 0.1, distinct2: 0.1, selfBLEU: 0.1)
        // (0.5·0.8 + 0.2·0.5 + 0.1·1 + 0.1·0.6 + 0.1·(1 − 0.3)) / 1.0 = 0.73
        #expect(close(weights.combine(relevance: 0.8, intraListDiversity: 0.5, coverage: 1, distinct2: 0.6, selfBLEU: 0.3), 0.73))
        // Without coverage the weights left sum to 0.9: 0.63 / 0.9 = 0.7.
        #expect(close(weights.combine(relevance: 0.8, intraListDiversity: 0.5, coverage: nil, distinct2: 0.6, selfBLEU: 0.3), 0.7))
        #expect(weights.combine(relevance: nil, intraListDiversity: nil, coverage: nil, distinct2: nil, selfBLEU: nil) == 0)
        let parsed = try RewardWeights(parsing: "relevance=1,ild=0")
        #expect(parsed.relevance == 1 && parsed.intraListDiversity == 0 && parsed.selfBLEU == RewardWeights().selfBLEU)
        #expect(throws: RewardError.self) { try RewardWeights(parsing: "novelty=1") }
        #expect(throws: RewardError.self) { try RewardWeights(parsing: "relevance=-1") }
    }

    @Test("the scorer reports per element and per list, and a creative that breaks a rule gets reward 0")
    func scorer() async throws {
        let elements = [
            ScoredElement(id: "a", text: "red shoe", violations: []),
            ScoredElement(id: "b", text: "blue hat", violations: ["emoji"]),
        ]
        let score = try await RewardScorer(
            weights: RewardWeights(relevance: 1, intraListDiversity: 0, coverage: 0, distinct2: 0, selfBLEU: 0)
        )
        .score(elements, context: "red shoe")
        #expect(score.elements.map(\.id) == ["a", "b"])
        #expect(close(score.elements[0].reward, 1) && score.elements[1].reward == 0)
        #expect(score.elements[1].passes == false && score.allPass == false)
        #expect(close(score.meanRelevance, 0.5) && close(score.reward, 0.5))
        #expect(close(score.intraListDiversity, 1))
        let empty = try await RewardScorer().score([], context: "x")
        #expect(empty.reward == 0 && empty.elements.isEmpty)
        let one = try await RewardScorer().score([ScoredElement(id: "x", text: "red shoe")], context: "red shoe")
        // One element: only relevance applies, so the reward is its relevance.
        #expect(close(one.reward, 1) && one.intraListDiversity == 0 && one.allPass == nil)
    }

    @Test("score lines decode items, creatives with their checks, and reject a line with two lists")
    func scoreRequest() throws {
        let line =
            #"{"id":"s1","context":"trail shoe","creatives":[{"headline":"Trail shoe","description":"Grip on mud."},{"headline":"TRAIL SHOE","description":"Grip on mud!!"}]}"#
        let request = try ScoreRequest.decode(Data(line.utf8)).get()
        #expect(request.elements.count == 2)
        #expect(request.elements[0].violations == [])
        #expect(request.elements[1].violations?.contains("repeated_punctuation") == true)
        #expect(request.elements[1].violations?.contains("duplicate") == true)
        let both = #"{"id":"s2","context":"x","items":[],"texts":[]}"#
        #expect(throws: RequestError.self) { try ScoreRequest.decode(Data(both.utf8)).get() }
    }

    @Test("a score line longer than the element limit is refused naming the limit, and the next line still decodes")
    func scoreRequestElementLimit() throws {
        let texts = String(repeating: #""a","#, count: 200_000 - 1) + #""a""#
        guard case .failure(let error) = ScoreRequest.decode(Data(#"{"id":"big","context":"x","texts":[\#(texts)]}"#.utf8)) else {
            Issue.record("a 200,000-text line was accepted")
            return
        }
        #expect(error.code == .tooManyElements && error.id == "big")
        #expect(error.message.contains("200000") && error.message.contains("\(ScoreRequest.maxElements)"))
        for list in ["items", "creatives"] {
            let entry = list == "items" ? #"{"title":"T"}"# : #"{"headline":"H","description":"D."}"#
            let line =
                #"{"id":"l","context":"x","\#(list)":["#
                + Array(repeating: entry, count: ScoreRequest.maxElements + 1).joined(separator: ",") + "]}"
            guard case .failure(let tooLong) = ScoreRequest.decode(Data(line.utf8)) else {
                Issue.record("'\(list)' past the limit was accepted")
                continue
            }
            #expect(tooLong.code == .tooManyElements && tooLong.message.hasPrefix("'\(list)'"))
        }
        let atLimit = Array(repeating: #""b""#, count: ScoreRequest.maxElements).joined(separator: ",")
        let request = try ScoreRequest.decode(Data(#"{"id":"ok","context":"x","texts":[\#(atLimit)]}"#.utf8)).get()
        #expect(request.elements.count == ScoreRequest.maxElements)
    }

    @Test("a score line that is not JSON names the byte where it breaks, and keeps its id")
    func scoreRequestJSONPosition() {
        guard case .failure(let error) = ScoreRequest.decode(Data(#"{"id":"s3","texts":[1,]}"#.utf8)) else {
            Issue.record("broken JSON was accepted")
            return
        }
        #expect(error.code == .invalidJSON && error.message.contains("at byte 22") && error.id == "s3")
    }
}
