import Foundation
import LLMClient
import RerankRuntime
import Testing

@testable import RerankCore

/// Answers every pointwise call "Yes" with logprobs after a short wait, recording when calls start and end and
/// the messages each one sent.
final class PointwiseTimeline: ChatCompleting, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var events: [String] = []
    private(set) var prompts: [String] = []

    func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        let prompt = request.messages.map { "[\($0.role.rawValue)]\n\($0.content)" }.joined(separator: "\n")
        lock.withLock {
            events.append("start")
            prompts.append(prompt)
        }
        // Long enough that calls started together overlap even when a loaded machine schedules them late.
        try await Task.sleep(for: .milliseconds(200))
        lock.withLock { events.append("end") }
        let body = Data(
            #"""
            {"choices":[{"message":{"role":"assistant","content":"Yes"},"logprobs":{"content":[{"token":"Yes","logprob":-0.2,
            "top_logprobs":[{"token":"Yes","logprob":-0.2},{"token":"No","logprob":-1.7},{"token":"3","logprob":-3}]}]}}],
            "usage":{"prompt_tokens":10,"completion_tokens":1}}
            """#.utf8)
        return ChatCompletion(response: try JSONDecoder().decode(ChatCompletionResponse.self, from: body), latencySeconds: 0, retries: 0)
    }
}

@Suite("Pointwise scheduling and shared prefix")
struct PointwiseSchedulingTests {
    static let candidates = ["a", "b", "c", "d", "e"]

    func run(concurrency: Int, scale: PointwiseScale = .yesNo) async throws -> (timeline: PointwiseTimeline, response: RerankResponse) {
        let timeline = PointwiseTimeline()
        let service = RerankService(client: timeline, prompts: try PromptLibrary(directory: PackagePaths.prompts), model: "m")
        var options = RerankOptions(strategy: .pointwise)
        options.pointwiseConcurrency = concurrency
        options.pointwiseScale = scale
        let request = RerankRequest(
            id: "r",
            user: UserContext(id: "u", history: [Item(id: "h1", title: "Heat"), Item(id: "h2", title: "Ronin")]),
            candidates: Self.candidates.map { Item(id: $0, title: "Title \($0)") }, options: options)
        return (timeline, await service.rerank(request))
    }

    @Test("concurrency 1: the calls of a list run one after another, so each finds the history in the slot the last left")
    func serial() async throws {
        let (timeline, response) = try await run(concurrency: 1)
        #expect(timeline.events == Array(repeating: ["start", "end"], count: Self.candidates.count).flatMap { $0 })
        #expect(response.diagnostics.llmCalls == Self.candidates.count)
    }

    @Test("concurrency 2: the first call runs alone, then two at a time")
    func warmThenTwo() async throws {
        let (timeline, _) = try await run(concurrency: 2)
        #expect(Array(timeline.events.prefix(4)) == ["start", "end", "start", "start"])
        #expect(timeline.events[4] == "end")
        #expect(timeline.events.count == 2 * Self.candidates.count)
    }

    @Test("concurrency 0: every call starts at once")
    func allAtOnce() async throws {
        let (timeline, _) = try await run(concurrency: 0)
        #expect(Array(timeline.events.prefix(Self.candidates.count)) == Array(repeating: "start", count: Self.candidates.count))
    }

    @Test("every call of a list shares a byte-identical prefix up to the candidate, for both scales")
    func sharedPrefix() async throws {
        for (scale, question) in [(PointwiseScale.yesNo, "Will the user want "), (.grades, "How much will the user want ")] {
            let (timeline, response) = try await run(concurrency: 0, scale: scale)
            #expect(timeline.prompts.count == Self.candidates.count)
            let prefixes = Set(timeline.prompts.map { prompt in prompt.range(of: question).map { String(prompt[..<$0.lowerBound]) } ?? "" })
            #expect(prefixes.count == 1, "\(scale): \(prefixes)")
            let prefix = try #require(prefixes.first)
            #expect(prefix.contains("Heat") && prefix.contains("Ronin"))
            // Only the candidate's own line follows the shared part.
            for prompt in timeline.prompts {
                let suffix = prompt.dropFirst(prefix.count)
                #expect(suffix.hasPrefix(question))
                #expect(Self.candidates.filter { suffix.contains("Title \($0)") }.count == 1, "\(suffix)")
            }
            let evidence = response.ranking.compactMap { $0.evidence.first?.0 }
            #expect(Set(evidence) == [scale == .yesNo ? "p_yes" : "expected_grade"], "\(evidence)")
        }
    }
}
