import Foundation
import LLMClient
@testable import RerankCore
import Testing

/// Answers a pairwise prompt through its first token's logprobs: `prefersFirstShown` answers "A" whatever is
/// shown (a model that answers by position); otherwise the candidate whose title comes first in `preference`
/// gets the larger share, in whichever slot it is shown (a model that answers by item).
struct PairwiseLetterClient: ChatCompleting {
    var preference: [String] = []
    var prefersFirstShown = false

    func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        let prompt = request.messages.map(\.content).joined(separator: "\n")
        let shown = prompt.split(separator: "\n").filter { $0.hasPrefix("A: ") || $0.hasPrefix("B: ") }
        let rank = { (line: Substring) in preference.firstIndex { line.contains($0) } ?? preference.count }
        let answersA = prefersFirstShown || (shown.count == 2 && rank(shown[0]) < rank(shown[1]))
        let (winner, loser) = answersA ? ("A", "B") : ("B", "A")
        let body = #"{"choices":[{"message":{"role":"assistant","content":"\#(winner)"},"logprobs":{"content":[{"token":"\#(winner)","logprob":-0.1,"top_logprobs":[{"token":"\#(winner)","logprob":-0.1},{"token":"\#(loser)","logprob":-2.4}]}]}}],"usage":{"prompt_tokens":9,"completion_tokens":1}}"#
        return ChatCompletion(response: try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(body.utf8)), latencySeconds: 0, retries: 0)
    }
}

@Suite("Pairwise comparisons that follow the position")
struct PairwiseConsistencyTests {
    @Test("a pair picked the same shown label in both orders exactly when both shares for the first shown are on one side of a half",
          arguments: [
              (0.9, 0.8, true), (0.1, 0.3, true), (1.0, 1.0, true), (0.0, 0.0, true),
              (0.9, 0.2, false), (0.2, 0.9, false), (1.0, 0.0, false), (0.5, 0.9, false), (0.5, 0.5, false),
          ])
    func sameLabel(forward: Double, backward: Double, expected: Bool) {
        #expect(PairwiseRanker.pickedSameLabel(forwardShare: forward, backwardShare: backward) == expected)
    }

    private func request(_ titles: [String]) -> RerankRequest {
        RerankRequest(
            id: "p", user: UserContext(id: "u", history: [Item(id: "h", title: "Heat")]),
            candidates: titles.enumerated().map { Item(id: "c\($0.offset)", title: $0.element) },
            options: RerankOptions(strategy: .pairwise))
    }

    @Test("a model that answers A to every pair makes every comparison inconsistent, and the answer says to ask without positions",
          arguments: [4, 11])
    func positionOnly(count: Int) async throws {
        let titles = (0..<count).map { "Reel \($0) end" }
        let service = RerankService(
            client: PairwiseLetterClient(prefersFirstShown: true), prompts: try PromptLibrary(directory: PackagePaths.prompts), model: "m")
        let response = await service.rerank(request(titles))
        let logits = response.diagnostics.logits
        #expect(!response.degraded)
        #expect(response.ranking.map(\.id).sorted() == request(titles).candidates.map(\.id).sorted())
        #expect(logits.comparisons > 0)
        #expect(logits.inconsistentComparisons == logits.comparisons)
        #expect(logits.note?.contains("strategy pointwise") == true)
        #expect(response.outputJSON.serialized.contains("\"inconsistent_comparisons\":\(logits.comparisons)"))
    }

    @Test("a model that answers by item in either slot makes no comparison inconsistent, and its preference is the order",
          arguments: [4, 11])
    func itemDriven(count: Int) async throws {
        let titles = (0..<count).map { "Reel \($0) end" }
        let preference = titles.reversed().map { $0 }
        let service = RerankService(
            client: PairwiseLetterClient(preference: preference), prompts: try PromptLibrary(directory: PackagePaths.prompts), model: "m")
        let response = await service.rerank(request(titles))
        let logits = response.diagnostics.logits
        #expect(logits.comparisons > 0)
        #expect(logits.inconsistentComparisons == 0)
        #expect(logits.note == nil)
        #expect(!response.outputJSON.serialized.contains("inconsistent_comparisons"))
        #expect(response.ranking.map(\.id) == (0..<count).reversed().map { "c\($0)" })
    }

    @Test("inconsistent comparisons add up across requests like the other counts")
    func sums() {
        var one = LogitsCounts()
        one.comparisons = 3
        one.inconsistentComparisons = 2
        var two = LogitsCounts()
        two.comparisons = 5
        two.inconsistentComparisons = 1
        let sum = one + two
        #expect(sum.comparisons == 8)
        #expect(sum.inconsistentComparisons == 3)
        #expect(sum.note == nil, "3 of 8 is not most of them")
        #expect(one.note?.hasPrefix("2 of 3 pairwise comparison(s)") == true)
    }
}
