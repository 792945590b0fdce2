import LLMClient

/// Keeps a request's prompts within the model's context by dropping the oldest history items first.
///
/// Tokens are estimated as characters ÷ 3.5, close for English BPE vocabularies and cheap enough to run
/// on every request; the budget should leave room for the answer below the server's context per slot.
struct PromptBudget: Sendable {
    let maxTokens: Int
    static let charactersPerToken = 3.5

    static func estimatedTokens(_ messages: [ChatMessage]) -> Int {
        Int((Double(messages.reduce(0) { $0 + $1.content.count + 8 }) / charactersPerToken).rounded(.up))
    }

    /// The request with as much recent history as fits; the number dropped is added to `droppedHistoryItems`.
    func fit(_ request: RerankRequest, prompts: PromptLibrary) -> RerankRequest {
        guard maxTokens > 0, !request.user.history.isEmpty else { return request }
        // The strategy names the prompt to measure; trimming history leaves the candidates it shows unchanged.
        let measured = request.options.strategy.ranker.budgetPrompt(for: request)
        func fits(_ candidate: RerankRequest) -> Bool {
            guard
                let messages = try? prompts.render(
                    measured.template, context: PromptContext.ranking(request: candidate, shown: measured.shown))
            else {
                return true
            }
            return Self.estimatedTokens(messages) <= maxTokens
        }
        guard !fits(request) else { return request }
        // Binary search for the longest suffix of the history that fits.
        var low = 0
        var high = request.user.history.count
        while low < high {
            let keep = (low + high + 1) / 2
            if fits(trimmed(request, keeping: keep)) { low = keep } else { high = keep - 1 }
        }
        return trimmed(request, keeping: low)
    }

    private func trimmed(_ request: RerankRequest, keeping count: Int) -> RerankRequest {
        var copy = request
        let dropped = request.user.history.count - count
        copy.user.history = Array(request.user.history.suffix(count))
        copy.droppedHistoryItems += dropped
        return copy
    }
}
