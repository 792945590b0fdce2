import LLMClient

/// What one LLM call contributed to a request's diagnostics.
struct CallOutcome: Sendable {
    var completion: ChatCompletion?
    var error: RankingError?
    var explained: ExplainedCall?

    static func record(_ outcomes: [CallOutcome], into diagnostics: inout RerankDiagnostics) {
        for outcome in outcomes {
            diagnostics.llmCalls += 1
            if let completion = outcome.completion {
                // The endpoint's numbers: summed saturating, so an absurd count caps the total instead of trapping.
                let usage = completion.usage
                diagnostics.promptTokens = diagnostics.promptTokens.saturatingAdding(usage.promptTokens)
                diagnostics.completionTokens = diagnostics.completionTokens.saturatingAdding(usage.completionTokens)
                diagnostics.cachedTokens = diagnostics.cachedTokens.saturatingAdding(usage.cachedTokens)
                diagnostics.retries += completion.retries
            } else {
                diagnostics.failedCalls += 1
                diagnostics.retries += max(0, (outcome.error?.attempts ?? 1) - 1)
            }
            if let explained = outcome.explained {
                diagnostics.explain = (diagnostics.explain ?? []) + [explained]
            }
        }
    }
}

extension ChatCompleting {
    /// Calls the endpoint and keeps what diagnostics and `explain` need, failure included.
    func call(_ request: ChatCompletionRequest, purpose: String, explain: Bool) async -> CallOutcome {
        let explainedMessages = explain
            ? request.messages.map { ExplainedCall.ExplainedMessage(role: $0.role.rawValue, content: $0.content) } : []
        do {
            let completion = try await complete(request)
            return CallOutcome(
                completion: completion, error: nil,
                explained: explain ? ExplainedCall(purpose: purpose, messages: explainedMessages, output: completion.text, error: nil) : nil)
        } catch let error as LLMClientError {
            return CallOutcome(
                completion: nil, error: .endpoint(error),
                explained: explain ? ExplainedCall(purpose: purpose, messages: explainedMessages, output: nil, error: error.message) : nil)
        } catch {
            return CallOutcome(completion: nil, error: .interrupted(message: "\(error)"), explained: nil)
        }
    }
}
