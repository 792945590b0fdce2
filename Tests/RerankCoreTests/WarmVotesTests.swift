import Foundation
import LLMClient
import RerankRuntime
import Testing

@testable import RerankCore

/// Records when each call starts and ends, answering after a short wait.
final class CallTimeline: ChatCompleting, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var events: [String] = []

    func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        lock.withLock { events.append("start") }
        // Long enough that calls started together overlap even when a loaded machine schedules them late.
        try await Task.sleep(for: .milliseconds(250))
        lock.withLock { events.append("end") }
        let body = try JSONSerialization.data(withJSONObject: [
            "choices": [["message": ["role": "assistant", "content": "[2] > [1] > [3]"]]],
            "usage": ["prompt_tokens": 10, "completion_tokens": 5],
        ])
        return ChatCompletion(response: try JSONDecoder().decode(ChatCompletionResponse.self, from: body), latencySeconds: 0, retries: 0)
    }
}

@Suite("Scheduling of votes")
struct WarmVotesTests {
    func run(warm: Bool, concurrency: Int = 0) async throws -> (events: [String], response: RerankResponse) {
        let timeline = CallTimeline()
        let service = RerankService(client: timeline, prompts: try PromptLibrary(directory: PackagePaths.prompts), model: "m")
        var options = RerankOptions(strategy: .listwise, votes: 4, seed: 3)
        options.warmVotes = warm
        options.voteConcurrency = concurrency
        let request = RerankRequest(
            id: "r", user: UserContext(id: "u", history: [Item(id: "h", title: "Heat")]),
            candidates: ["a", "b", "c"].map { Item(id: $0, title: "Title \($0)") }, options: options)
        let response = await service.rerank(request)
        return (timeline.events, response)
    }

    @Test("warm votes: the first vote finishes before the others start, and they then run together")
    func warm() async throws {
        let (events, response) = try await run(warm: true)
        #expect(Array(events.prefix(5)) == ["start", "end", "start", "start", "start"])
        #expect(response.diagnostics.llmCalls == 4)
        #expect(response.ranking.count == 3)
    }

    @Test("without warm votes every vote starts at once, whatever the vote concurrency")
    func cold() async throws {
        let (events, response) = try await run(warm: false, concurrency: 1)
        #expect(Array(events.prefix(4)) == ["start", "start", "start", "start"])
        #expect(response.diagnostics.llmCalls == 4)
    }

    @Test("vote concurrency 1 runs the votes one after another; 2 keeps two in flight")
    func bounded() async throws {
        let (serial, response) = try await run(warm: true, concurrency: 1)
        #expect(serial == Array(repeating: ["start", "end"], count: 4).flatMap { $0 })
        #expect(response.diagnostics.llmCalls == 4)
        let (paired, _) = try await run(warm: true, concurrency: 2)
        #expect(Array(paired.prefix(4)) == ["start", "end", "start", "start"])
        #expect(paired.count == 8)
        // With two in flight, a third never starts before one of the two has ended.
        #expect(paired[4] == "end")
    }
}
