import Foundation
import RerankCore

@testable import LLMClient

/// An endpoint stand-in for every strategy a tune tries: a one-token call with logprobs (pointwise) is answered
/// "Yes" with a probability that depends on the prompt, so candidates get different scores; any other call gets
/// the labels reversed, as `FakeEndpoint` answers. The same prompt always gets the same answer.
final class ScriptedEndpoint: ChatCompleting, @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var calls: Int { lock.withLock { count } }

    func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        lock.withLock { count += 1 }
        let prompt = request.messages.map(\.content).joined(separator: "\n")
        let message: ChatCompletionResponse.Message
        var logprobs: ChatCompletionResponse.Logprobs?
        if request.logprobs == true {
            var hash: UInt64 = 1_469_598_103_934_665_603
            for byte in prompt.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
            let yes = -0.05 - Double(hash % 1000) / 250
            message = .init(role: "assistant", content: "Yes", reasoningContent: nil)
            logprobs = .init(content: [
                .init(token: "Yes", logprob: yes, topLogprobs: [.init(token: "Yes", logprob: yes), .init(token: "No", logprob: -1.2)])
            ])
        } else {
            let labels = Set(prompt.matches(of: /\[(\d+)\]/).compactMap { Int($0.1) }).sorted(by: >)
            message = .init(role: "assistant", content: labels.map { "[\($0)]" }.joined(separator: " > "), reasoningContent: nil)
        }
        let response = ChatCompletionResponse(
            id: "scripted", model: request.model,
            choices: [.init(index: 0, message: message, finishReason: "stop", logprobs: logprobs)],
            usage: .init(promptTokens: prompt.count / 4, completionTokens: 1, cachedTokens: 0))
        return ChatCompletion(response: response, latencySeconds: 0.1, retries: 0)
    }
}
