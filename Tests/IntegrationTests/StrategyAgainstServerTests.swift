import Foundation
import LLMClient
import RerankCore
import Testing

@Suite("Every strategy and prompt family against the real local model", .enabled(if: LocalServer.isAvailable))
struct StrategyAgainstServerTests {
    @Test("each prompt family ranks end to end", arguments: PromptFamily.allCases)
    func promptFamilies(prompt: PromptFamily) async throws {
        let service = try LocalServer.service(baseURL: try LocalServer.requireBaseURL())
        let request = LocalServer.request(id: "family-\(prompt.rawValue)", options: RerankOptions(prompt: prompt, strategy: .listwise))
        let response = await service.rerank(request)
        #expect(!response.degraded, "\(response.degradedReason ?? "")")
        #expect(response.isCompletePermutation(of: request))
        #expect(response.diagnostics.llmCalls == (prompt == .palr ? 2 : 1))
        if prompt == .palr {
            #expect(response.diagnostics.profile?.isEmpty == false)
        }
    }

    @Test("PALR writes one profile per history and reuses it for the next request with the same history")
    func profileReuse() async throws {
        let service = try LocalServer.service(baseURL: try LocalServer.requireBaseURL())
        let first = await service.rerank(LocalServer.request(id: "palr-1", options: RerankOptions(prompt: .palr, strategy: .listwise)))
        let second = await service.rerank(LocalServer.request(id: "palr-2", options: RerankOptions(prompt: .palr, strategy: .listwise)))
        #expect(first.diagnostics.llmCalls == 2)
        #expect(second.diagnostics.llmCalls == 1)
        #expect(second.diagnostics.profileReused)
        #expect(second.diagnostics.profile == first.diagnostics.profile)
    }

    @Test("pointwise scores every candidate from logprobs, one call each")
    func pointwise() async throws {
        let service = try LocalServer.service(baseURL: try LocalServer.requireBaseURL())
        let request = LocalServer.request(id: "pointwise", options: RerankOptions(strategy: .pointwise))
        let response = await service.rerank(request)
        #expect(!response.degraded)
        #expect(response.isCompletePermutation(of: request))
        #expect(response.diagnostics.llmCalls == request.candidates.count)
        let probabilities = response.ranking.compactMap { candidate in candidate.evidence.first { $0.0 == "p_yes" }?.1 }
        #expect(probabilities.count == request.candidates.count)
        #expect(probabilities.allSatisfy { (0...1).contains($0) })
        #expect(probabilities == probabilities.sorted(by: >))
    }

    @Test("pairwise asks every pair in both orders and orders by wins")
    func pairwise() async throws {
        let service = try LocalServer.service(baseURL: try LocalServer.requireBaseURL())
        var request = LocalServer.request(id: "pairwise", options: RerankOptions(strategy: .pairwise))
        request.candidates = Array(request.candidates.prefix(3))
        let response = await service.rerank(request)
        #expect(!response.degraded)
        #expect(response.isCompletePermutation(of: request))
        #expect(response.diagnostics.llmCalls == 6)  // 3 pairs × 2 orders
        let wins = response.ranking.compactMap { candidate in candidate.evidence.first { $0.0 == "wins" }?.1 }
        #expect(abs(wins.reduce(0, +) - 3) < 1e-3)  // one win per pair, shared by preference
        #expect(wins == wins.sorted(by: >))
    }

    @Test("votes show each vote its own seeded shuffle, reproducibly, and report agreement")
    func votes() async throws {
        let service = try LocalServer.service(baseURL: try LocalServer.requireBaseURL())
        let options = RerankOptions(strategy: .listwise, votes: 3, seed: 11, structuredOutput: true, explain: true)
        let first = await service.rerank(LocalServer.request(id: "votes-a", options: options))
        let again = await service.rerank(LocalServer.request(id: "votes-b", options: options))
        #expect(first.diagnostics.llmCalls == 3)
        #expect(first.diagnostics.voteAgreement != nil)
        let shownOrders = try #require(first.diagnostics.explain).map { call in
            call.messages.last?.content.split(separator: "\n").filter { $0.hasPrefix("[") }.map(String.init) ?? []
        }
        #expect(Set(shownOrders).count == 3, "every vote must get a fresh permutation")
        let againOrders = try #require(again.diagnostics.explain).map { call in
            call.messages.last?.content.split(separator: "\n").filter { $0.hasPrefix("[") }.map(String.init) ?? []
        }
        #expect(againOrders == shownOrders, "the same seed must reproduce the same shuffles")
    }

    @Test("a long list is ranked in sliding windows and stays complete")
    func slidingWindow() async throws {
        let service = try LocalServer.service(baseURL: try LocalServer.requireBaseURL())
        var request = LocalServer.request(
            id: "window", options: RerankOptions(strategy: .listwise, structuredOutput: true, window: 3, step: 2))
        request.candidates = request.candidates + [Item(id: "300", title: "Air Force One (1997)", score: 0.4)]
        let response = await service.rerank(request)
        #expect(!response.degraded)
        #expect(response.isCompletePermutation(of: request))
        #expect(response.diagnostics.windowPasses == SlidingWindow.plan(count: 6, window: 3, step: 2).count)
        #expect(response.diagnostics.llmCalls == response.diagnostics.windowPasses)
    }

    @Test("re-asking happens only for invalid answers, at most once per vote")
    func reask() async throws {
        let service = try LocalServer.service(baseURL: try LocalServer.requireBaseURL())
        let request = LocalServer.request(id: "reask", options: RerankOptions(strategy: .listwise, reask: true))
        let response = await service.rerank(request)
        #expect(response.isCompletePermutation(of: request))
        let diagnostics = response.diagnostics
        #expect(diagnostics.reasked == (diagnostics.firstTryValid == 1 ? 0 : 1))
        #expect(diagnostics.llmCalls == 1 + diagnostics.reasked)
    }

    @Test("reasons for the top items come back with the ranking, each for an item asked for, or omitted with why")
    func reasonsAndDiversity() async throws {
        let service = try LocalServer.service(baseURL: try LocalServer.requireBaseURL())
        let request = LocalServer.request(
            id: "reasons", options: RerankOptions(strategy: .listwise, structuredOutput: true, reasons: 2, diversify: 0.5))
        let response = await service.rerank(request)
        #expect(!response.degraded)
        #expect(response.isCompletePermutation(of: request))
        let reasons = try #require(response.reasons)
        let top = Set(response.ranking.prefix(2).map(\.id))
        let covered = Set(reasons.reasons.map(\.id)).union(reasons.omitted.map(\.id))
        #expect(covered == top)
        #expect(reasons.reasons.allSatisfy { top.contains($0.id) && !$0.text.isEmpty && $0.text.count <= 200 })
        if response.diagnostics.llmCalls == 1 {
            // The ranking alone used up the reasons' time budget (a busy server): every reason is omitted, saying so.
            #expect(reasons.reasons.isEmpty)
            #expect(reasons.omitted.allSatisfy { $0.problem.contains("deadline") })
        }
    }
}
