import Foundation
import LLMClient
import RerankRuntime
import Testing

@testable import RerankCore

/// Answers the first call at once and every later one only after `slowSeconds` (or when cancelled), counting the
/// calls that were cancelled: a model whose first candidate is quick and the rest are not.
final class QuickThenSlowChat: ChatCompleting, @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    private(set) var cancelled = 0
    let slowSeconds: Double

    init(slowSeconds: Double) {
        self.slowSeconds = slowSeconds
    }

    func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        let index = lock.withLock {
            defer { calls += 1 }
            return calls
        }
        if index > 0 {
            do {
                try await Task.sleep(for: .milliseconds(Int(slowSeconds * 1000)))
            } catch {
                lock.withLock { cancelled += 1 }
                throw error
            }
        }
        let body = Data(
            #"""
            {"choices":[{"message":{"role":"assistant","content":"Yes"},"logprobs":{"content":[{"token":"Yes","logprob":-0.2,
            "top_logprobs":[{"token":"Yes","logprob":-0.2},{"token":"No","logprob":-1.7}]}]}}],
            "usage":{"prompt_tokens":10,"completion_tokens":1}}
            """#.utf8)
        return ChatCompletion(response: try JSONDecoder().decode(ChatCompletionResponse.self, from: body), latencySeconds: 0, retries: 0)
    }
}

@Suite("options.deadline_ms")
struct DeadlineTests {
    static func request(deadline: Int?, strategy: RankingStrategy = .pointwise) -> RerankRequest {
        var options = RerankOptions(strategy: strategy)
        options.deadlineMilliseconds = deadline
        return RerankRequest(
            id: "r", user: UserContext(id: "u", history: [Item(id: "h", title: "Heat")]),
            candidates: ["a", "b", "c", "d"].map { Item(id: $0, title: "Title \($0)", score: nil) }, options: options)
    }

    @Test("at the deadline, pointwise candidates scored so far keep their scores, the rest follow in upstream order, partial")
    func pointwisePartial() async throws {
        let chat = QuickThenSlowChat(slowSeconds: 120)
        let service = RerankService(client: chat, prompts: try PromptLibrary(directory: PackagePaths.prompts), model: "m")
        let started = ContinuousClock.now
        let answer = await service.rerank(Self.request(deadline: 300))
        // Generous: on two loaded cores the whole suite shares the pool; the model alone would take 120 s.
        #expect(ContinuousClock.now - started < .seconds(30), "answered at the deadline, not when the model would have")
        #expect(answer.partial)
        #expect(!answer.degraded)
        #expect(answer.ranking.map(\.id) == ["a", "b", "c", "d"])
        #expect(answer.ranking.first?.evidence.first?.0 == "p_yes", "the one scored candidate keeps its score")
        #expect(answer.ranking.dropFirst().allSatisfy { $0.evidence.isEmpty })
        #expect(chat.cancelled >= 1, "the call in flight was cancelled")
        #expect(answer.outputJSON.serialized.contains(#""partial":true"#))
    }

    @Test("a request done before its deadline is whole, and its line has no partial field")
    func beforeDeadline() async throws {
        let service = RerankService(
            client: QuickThenSlowChat(slowSeconds: 0), prompts: try PromptLibrary(directory: PackagePaths.prompts), model: "m")
        let answer = await service.rerank(Self.request(deadline: 60_000))
        #expect(!answer.partial)
        #expect(answer.ranking.allSatisfy { !$0.evidence.isEmpty })
        #expect(!answer.outputJSON.serialized.contains("partial"))
    }

    @Test("options.deadline_ms is whole milliseconds from 1 to 600000", arguments: ["0", "-5", "1.5", "\"300\"", "600001"])
    func refused(value: String) {
        let decoder = RequestDecoder(limits: RequestLimits())
        let line = #"{"id":"x","user":{"history":[]},"candidates":[{"id":"a","title":"A"}],"options":{"deadline_ms":\#(value)}}"#
        guard case .failure(let error) = decoder.decode(line: Data(line.utf8)) else {
            Issue.record("\(value) was accepted")
            return
        }
        #expect(error.code == .invalidField)
        #expect(error.message.contains("deadline_ms"))
    }

    @Test("options.deadline_ms is read")
    func read() throws {
        let decoder = RequestDecoder(limits: RequestLimits())
        let line = #"{"id":"x","user":{"history":[]},"candidates":[{"id":"a","title":"A"}],"options":{"deadline_ms":250}}"#
        let request = try decoder.decode(line: Data(line.utf8)).get()
        #expect(request.options.deadlineMilliseconds == 250)
    }
}
