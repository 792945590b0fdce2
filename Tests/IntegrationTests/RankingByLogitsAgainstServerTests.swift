import Foundation
import LLMClient
import RerankCore
import Testing

@Suite("First-token scoring, setwise and score fusion against the real local model", .enabled(if: LocalServer.isAvailable))
struct RankingByLogitsAgainstServerTests {
    @Test("listwise logits scoring reads one token per vote and returns a full permutation with log-probabilities")
    func listwiseLogits() async throws {
        let service = try LocalServer.service(baseURL: try LocalServer.requireBaseURL())
        var options = RerankOptions(strategy: .listwise, votes: 2, seed: 5)
        options.scoring = .logits
        let request = LocalServer.request(id: "logits", options: options)
        let response = await service.rerank(request)
        #expect(!response.degraded, "\(response.degradedReason ?? "")")
        #expect(response.isCompletePermutation(of: request))
        #expect(response.diagnostics.llmCalls == 2)
        #expect(response.diagnostics.completionTokens <= 2, "one token per call")
        #expect(response.diagnostics.logits.scoredCalls == 2)
        #expect(response.diagnostics.logits.fallbacks == 0)
        let logprobs = response.ranking.compactMap { candidate in candidate.evidence.first { $0.0 == "logprob" }?.1 }
        #expect(logprobs.count == request.candidates.count)
        #expect(logprobs.allSatisfy { $0 <= 0 })
        // Ranked by the mean normalised log-probability: non-increasing down the list.
        #expect(zip(logprobs, logprobs.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test("a logits request to a server path without logprobs falls back to generation and says so")
    func fallback() async throws {
        let proxy = try FaultProxy(upstream: try LocalServer.requireBaseURL()) { _ in .stripLogprobs }
        defer { proxy.stop() }
        let service = try LocalServer.service(baseURL: proxy.baseURL)
        var options = RerankOptions(strategy: .listwise, structuredOutput: true)
        options.scoring = .logits
        let request = LocalServer.request(id: "fallback", options: options)
        let response = await service.rerank(request)
        #expect(!response.degraded)
        #expect(response.isCompletePermutation(of: request))
        #expect(response.diagnostics.logits.fallbacks == 1)
        #expect(response.diagnostics.llmCalls == 2, "the logits call, then the generated one")
        #expect(response.diagnostics.logits.note?.contains("no logprobs") == true)
        let line = response.outputJSON.serialized
        #expect(line.contains("\"fallbacks\":1"))
    }

    @Test("setwise orders the top k by heap sort over labelled sets and keeps every candidate once", arguments: [(3, 2), (4, 10)])
    func setwise(setSize: Int, topK: Int) async throws {
        let service = try LocalServer.service(baseURL: try LocalServer.requireBaseURL())
        var options = RerankOptions(strategy: .setwise, seed: 2)
        options.setSize = setSize
        options.topK = topK
        let request = LocalServer.request(id: "setwise-\(setSize)", options: options)
        let response = await service.rerank(request)
        #expect(!response.degraded, "\(response.degradedReason ?? "")")
        #expect(response.isCompletePermutation(of: request))
        let logits = response.diagnostics.logits
        #expect(logits.comparisons > 0)
        #expect(response.diagnostics.llmCalls >= logits.comparisons)
        #expect(logits.unusableComparisons <= logits.comparisons)
        if topK < request.candidates.count {
            // Below the top k the upstream order stands.
            let upstreamIDs = request.upstreamOrder.map { request.candidates[$0].id }
            let rest = response.ranking.dropFirst(topK).map(\.id)
            #expect(rest == upstreamIDs.filter { rest.contains($0) })
        }
    }

    @Test(
        "content-free calibration asks one more call per label count, with no candidate in it, and the ranking stays whole",
        arguments: [RankingStrategy.listwise, .setwise])
    func contentFreeCalibration(strategy: RankingStrategy) async throws {
        let service = try LocalServer.service(baseURL: try LocalServer.requireBaseURL())
        var options = RerankOptions(strategy: strategy, seed: 4)
        options.scoring = .logits
        options.setSize = 3
        options.topK = 5
        options.calibration = .contentFree
        options.explain = true
        let request = LocalServer.request(id: "calibrated-\(strategy.rawValue)", options: options)
        let response = await service.rerank(request)
        #expect(!response.degraded, "\(response.degradedReason ?? "")")
        #expect(response.isCompletePermutation(of: request))
        let logits = response.diagnostics.logits
        // Five candidates: listwise shows one window of 5 labels; setwise sets of 3 and 2 members.
        #expect(logits.calibrationCalls >= 1 && logits.calibrationCalls <= (strategy == .listwise ? 1 : 2))
        #expect(logits.calibrationUnusable == 0)
        #expect(response.diagnostics.llmCalls == logits.scoredCalls + logits.calibrationCalls)
        let explained = try #require(response.diagnostics.explain)
        let calibration = explained.filter { $0.purpose.contains("calibration") }
        #expect(calibration.count == logits.calibrationCalls)
        for call in calibration {
            let text = call.messages.map(\.content).joined(separator: "\n")
            #expect(text.contains("A. \"N/A\""))
            #expect(request.candidates.allSatisfy { !text.contains($0.title) }, "a content-free prompt shows no candidate")
            #expect(text.contains("Toy Story"), "the user's history stays, so the prior is this user's")
        }
        #expect(response.outputJSON.serialized.contains("\"calibration_calls\":\(logits.calibrationCalls)"))
    }

    @Test("pairwise reads each comparison from the first token's logits and is not degraded by unparseable text")
    func pairwiseLogits() async throws {
        let service = try LocalServer.service(baseURL: try LocalServer.requireBaseURL())
        var request = LocalServer.request(id: "pairwise-logits", options: RerankOptions(strategy: .pairwise))
        request.candidates = Array(request.candidates.prefix(4))
        let response = await service.rerank(request)
        #expect(!response.degraded, "\(response.degradedReason ?? "")")
        #expect(response.isCompletePermutation(of: request))
        #expect(response.diagnostics.logits.comparisons == 6)
        #expect(response.diagnostics.logits.scoredCalls == 12)
        let wins = response.ranking.compactMap { candidate in candidate.evidence.first { $0.0 == "wins" }?.1 }
        #expect(abs(wins.reduce(0, +) - 6) < 1e-3, "each pair's preference shares sum to one")
        // A pair whose orders picked A and A (or B and B) is inconsistent; one of each is not. So with a picks of A
        // and b of B over the 12 readings, |a − b| / 2 ≤ inconsistent ≤ 6, and a + inconsistent is even.
        let logits = response.diagnostics.logits
        let picks = logits.picksByLabel + [0, 0]
        #expect(logits.inconsistentComparisons <= 6)
        if logits.unusable == 0 {  // every reading is then a pick as well as a share
            #expect(2 * logits.inconsistentComparisons >= abs(picks[0] - picks[1]))
            #expect((picks[0] + logits.inconsistentComparisons) % 2 == 0)
            #expect((logits.note?.contains("strategy pointwise") == true) == (logits.inconsistentComparisons > 3))
        }
    }

    @Test("score fusion blends the model's scores with the upstream scores")
    func scoreFusion() async throws {
        let service = try LocalServer.service(baseURL: try LocalServer.requireBaseURL())
        var options = RerankOptions(strategy: .pointwise, fusion: 1)
        options.fusionMode = .score
        let request = LocalServer.request(id: "score-fusion", options: options)
        let response = await service.rerank(request)
        #expect(response.isCompletePermutation(of: request))
        // Weight 1 is the upstream order, whatever the model said.
        #expect(response.ranking.map(\.id) == request.upstreamOrder.map { request.candidates[$0].id })
        let line = response.outputJSON.serialized
        #expect(line.contains("\"fusion_mode\":\"score\""))
    }

    @Test("endpoint.extra_body reaches the server: a llama.cpp grammar sent only through it shapes the answer")
    func extraBody() async throws {
        var endpoint = LocalServer.endpoint(baseURL: try LocalServer.requireBaseURL(), retries: 1)
        endpoint.extraBody = ["grammar": .string(#"root ::= "Zebra""#)]
        let client = ChatClient(endpoint: endpoint)
        let completion = try await client.complete(
            ChatCompletionRequest(
                model: "m", messages: [.user("Name a fruit.")], temperature: 0, maxTokens: 8))
        #expect(completion.text == "Zebra")
    }
}
