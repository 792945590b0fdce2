import LLMClient

/// What one LLM call contributed to a request's diagnostics.
struct CallOutcome: Sendable {
    var completion: ChatCompletion?
    var error: RankingError?
    var explained: ExplainedCall?

    static func record(_ outcomes: [CallOutcome], into diagnostics: inout RerankDiagnostics) {
        for outcome in outcomes {
            diagnostics.counters.record(outcome)
            if let explained = outcome.explained {
                diagnostics.explain = (diagnostics.explain ?? []) + [explained]
            }
        }
    }
}

extension ChatCompleting {
    /// Calls the endpoint and keeps what diagnostics and `explain` need, failure included.
    func call(_ request: ChatCompletionRequest, purpose: String, explain: Bool) async -> CallOutcome {
        let explainedMessages =
            explain
            ? request.messages.map { ExplainedCall.ExplainedMessage(role: $0.role.rawValue, content: $0.content) } : []
        do {
            let completion = try await complete(request)
            return CallOutcome(
                completion: completion, error: nil,
                explained: explain ? ExplainedCall(purpose: purpose, messages: explainedMessages, output: completion.text, error: nil) : nil
            )
        } catch let error as LLMClientError {
            return CallOutcome(
                completion: nil, error: .endpoint(error),
                explained: explain ? ExplainedCall(purpose: purpose, messages: explainedMessages, output: nil, error: error.message) : nil)
        } catch {
            return CallOutcome(completion: nil, error: .interrupted(message: "\(error)"), explained: nil)
        }
    }
}
