import Foundation
import RerankCore

@testable import LLMClient
@testable import RerankEval

/// An endpoint stand-in that counts its calls and answers every ranking prompt with the labels reversed,
/// so results differ from the upstream order and are the same on every run.
final class FakeEndpoint: ChatCompleting, @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var failuresLeft: Int

    /// - Parameter failFirst: how many calls fail with a server error before the endpoint starts answering.
    init(failFirst: Int = 0) {
        failuresLeft = failFirst
    }

    var calls: Int { lock.withLock { count } }

    func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        let shouldFail = lock.withLock { () -> Bool in
            count += 1
            if failuresLeft > 0 {
                failuresLeft -= 1
                return true
            }
            return false
        }
        if shouldFail {
            throw LLMClientError(kind: .serverError, status: 500, message: "the endpoint failed (HTTP 500)")
        }
        let prompt = request.messages.map(\.content).joined(separator: "\n")
        let labels = Set(prompt.matches(of: /\[(\d+)\]/).compactMap { Int($0.1) }).sorted(by: >)
        let text = labels.map { "[\($0)]" }.joined(separator: " > ")
        let response = ChatCompletionResponse(
            id: "fake", model: request.model,
            choices: [
                .init(
                    index: 0, message: .init(role: "assistant", content: text, reasoningContent: nil), finishReason: "stop", logprobs: nil)
            ],
            usage: .init(promptTokens: prompt.count / 4, completionTokens: labels.count * 3, cachedTokens: 2))
        return ChatCompletion(response: response, latencySeconds: 0.25 + Double(prompt.count % 7) / 100, retries: 0)
    }
}
