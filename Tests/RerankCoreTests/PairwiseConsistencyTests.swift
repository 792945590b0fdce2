import Foundation
import LLMClient
import Testing

@testable import RerankCore

/// Answers a pairwise prompt: `prefersFirstShown` answers "A" whatever is shown (a model that answers by
/// position); otherwise the candidate whose title comes first in `preference` is named, in whichever slot it is
/// shown (a model that answers by item). With `logprobs` the answer carries its first token's alternatives;
/// without, only the letter, as from an endpoint that returns no logprobs.
struct PairwiseLetterClient: ChatCompleting {
    var preference: [String] = []
    var prefersFirstShown = false
    var logprobs = true

    func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        let prompt = request.messages.map(\.content).joined(separator: "\n")
        let shown = prompt.split(separator: "\n").filter { $0.hasPrefix("A: ") || $0.hasPrefix("B: ") }
        let rank = { (line: Substring) in preference.firstIndex { line.contains($0) } ?? preference.count }
        let answersA = prefersFirstShown || (shown.count == 2 && rank(shown[0]) < rank(shown[1]))
        let (winner, loser) = answersA ? ("A", "B") : ("B", "A")
        let alternatives =
            #","logprobs":{"content":[{"token":"\#(winner)","logprob":-0.1,"top_logprobs":[{"token":"\#(winner)","logprob":-0.1},{"token":"\#(loser)","logprob":-2.4}]}]}"#
        let body =
            #"{"choices":[{"message":{"role":"assistant","content":"\#(winner)"}\#(logprobs ? alternatives : "")}],"usage":{"prompt_tokens":9,"completion_tokens":1}}"#
        return ChatCompletion(
            response: try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(body.utf8)), latencySeconds: 0, retries: 0)
    }
}

@Suite("Pairwise comparisons that follow the position")
struct PairwiseConsistencyTests {
    @Test(
        "a reading's pick is its most likely label, exact ties to the earliest, as picks_by_label counts it",
        arguments: [([-0.1, -2.4], 0), ([-2.4, -0.1], 1), ([-1.0, -1.0], 0), ([-3.0, -2.0, -2.0], 1)])
    func pickedPosition(scores: [Double], expected: Int) {
        #expect(LogitsCounts.pickedPosition(scores) == expected)
    }

    private func request(_ titles: [String]) -> RerankRequest {
        RerankRequest(
            id: "p", user: UserContext(id: "u", history: [Item(id: "h", title: "Heat")]),
            candidates: titles.enumerated().map { Item(id: "c\($0.offset)", title: $0.element) },
            options: RerankOptions(strategy: .pairwise))
    }

    @Test(
        "a model that answers A to every pair makes every comparison inconsistent, and the answer says to ask without positions",
        arguments: [(4, true), (11, true), (4, false), (11, false)])
    func positionOnly(count: Int, logprobs: Bool) async throws {
        let titles = (0..<count).map { "Reel \($0) end" }
        let service = RerankService(
            client: PairwiseLetterClient(prefersFirstShown: true, logprobs: logprobs),
            prompts: try PromptLibrary(directory: PackagePaths.prompts), model: "m")
        let response = await service.rerank(request(titles))
        let logits = response.diagnostics.logits
        #expect(!response.degraded)
        #expect(response.ranking.map(\.id).sorted() == request(titles).candidates.map(\.id).sorted())
        #expect(logits.comparisons > 0)
        #expect(logits.inconsistentComparisons == logits.comparisons)
        if logprobs {
            #expect(logits.note?.contains("strategy pointwise") == true)
        } else {
            #expect(logits.fallbacks == 2 * logits.comparisons)
            #expect(logits.note?.contains("no logprobs") == true, "a failure to read logits is named first")
        }
        #expect(response.outputJSON.serialized.contains("\"inconsistent_comparisons\":\(logits.comparisons)"))
    }

    @Test(
        "a model that answers by item in either slot makes no comparison inconsistent, and its preference is the order",
        arguments: [(4, true), (11, true), (4, false), (11, false)])
    func itemDriven(count: Int, logprobs: Bool) async throws {
        let titles = (0..<count).map { "Reel \($0) end" }
        let preference = Array(titles.reversed())
        let service = RerankService(
            client: PairwiseLetterClient(preference: preference, logprobs: logprobs),
            prompts: try PromptLibrary(directory: PackagePaths.prompts), model: "m")
        let response = await service.rerank(request(titles))
        let logits = response.diagnostics.logits
        #expect(logits.comparisons > 0)
        #expect(logits.inconsistentComparisons == 0)
        #expect(logits.note == nil || !logprobs)
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
        var half = LogitsCounts()
        half.comparisons = 6
        half.inconsistentComparisons = 3
        #expect(half.note == nil, "3 of 6 is not most of them")
        var unreadable = one
        unreadable.unusable = 1
        #expect(unreadable.note?.contains("named no label") == true, "a reading that failed is named before the position note")
    }
}
