import Foundation
import LLMClient

/// Scores each candidate on its own: P("Yes") to "will the user want this next?", read from the first
/// token's logprobs and normalised against "No". No position bias by construction, and every call shares
/// the history prefix, so the server's prompt cache makes each one cheap. Endpoints without logprobs get
/// a 1–5 rating prompt instead.
struct PointwiseRanker: Ranker {
    let context: RankingContext

    /// The yes/no question read from the first token's logprobs.
    static let template = "pointwise"
    /// The 1–5 rating asked of endpoints without logprobs.
    static let ratingTemplate = "pointwise_rating"

    static func templates(for options: RerankOptions) -> [String] { [template, ratingTemplate] }

    static func budgetPrompt(for request: RerankRequest) -> BudgetPrompt { .pairwiseEstimate(for: request) }

    func rank(_ request: RerankRequest) async -> StrategyResult {
        let upstream = request.upstreamOrder
        let scored = await withTaskGroup(of: (Int, Double?, String, [CallOutcome]).self) { group in
            for index in request.candidates.indices {
                group.addTask {
                    let (score, kind, outcomes) = await score(request, candidate: index)
                    return (index, score, kind, outcomes)
                }
            }
            var collected: [(Int, Double?, String, [CallOutcome])] = []
            for await result in group { collected.append(result) }
            return collected.sorted { $0.0 < $1.0 }
        }
        let outcomes = scored.flatMap(\.3)
        var result = StrategyResult(order: upstream, outcomes: outcomes)
        guard scored.contains(where: { $0.1 != nil }) else {
            result.failure =
                outcomes.compactMap(\.error).first
                ?? .noAnswer(message: "no candidate could be scored")
            return result
        }
        // An unscored candidate sits below every scored one, in upstream order.
        result.order = ScoreOrder.order(scored.map { $0.1 ?? -1 }, tieBreakOrder: upstream)
        result.evidence = scored.map { entry in entry.1.map { [(entry.2, $0)] } ?? [] }
        result.counters.repairs.unknown = scored.filter { $0.1 == nil && !$0.3.isEmpty && $0.3.allSatisfy { $0.completion != nil } }.count
        return result
    }

    /// The candidate's score in [0, 1] and which evidence it is (`p_yes` or `rating`).
    private func score(_ request: RerankRequest, candidate index: Int) async -> (Double?, String, [CallOutcome]) {
        let item = request.candidates[index]
        var promptContext = PromptContext.ranking(request: request, shown: [], profile: context.profile)
        promptContext["candidate"] = PromptItem(item: item, position: 1)
        let messages: [ChatMessage]
        do {
            messages = try context.prompts.render(Self.template, context: promptContext)
        } catch {
            return (nil, "p_yes", [CallOutcome(completion: nil, error: .template(error), explained: nil)])
        }
        var chat = context.chatRequest(messages, options: request.options, maxTokens: 1)
        chat.temperature = 0
        chat.logprobs = true
        chat.topLogprobs = 10
        let outcome = await context.client.call(chat, purpose: "pointwise \(item.id)", explain: request.options.explain)
        guard let completion = outcome.completion else { return (nil, "p_yes", [outcome]) }
        if let probability = Self.yesProbability(completion.response) {
            return (probability, "p_yes", [outcome])
        }
        // No logprobs from this endpoint: ask for a rating instead.
        let ratingMessages: [ChatMessage]
        do {
            ratingMessages = try context.prompts.render(Self.ratingTemplate, context: promptContext)
        } catch {
            return (nil, "rating", [outcome])
        }
        let ratingChat = context.chatRequest(ratingMessages, options: request.options, maxTokens: 4)
        let rating = await context.client.call(ratingChat, purpose: "pointwise rating \(item.id)", explain: request.options.explain)
        guard let ratingText = rating.completion?.text, let value = Self.rating(in: ratingText) else {
            return (nil, "rating", [outcome, rating])
        }
        return (Double(value - 1) / 4, "rating", [outcome, rating])
    }

    /// P(yes) / (P(yes) + P(no)) over the first token's alternatives; nil without logprobs.
    static func yesProbability(_ response: ChatCompletionResponse) -> Double? {
        FirstTokenLabels.alternatives(in: response).flatMap(yesProbability(alternatives:))
    }

    /// P(yes) from (token, log-probability) pairs, always a finite number in [0, 1]; nil when neither word is
    /// among them or a log-probability is impossible (NaN, +∞, above 0), so the candidate is asked for a rating
    /// as one without logprobs is.
    static func yesProbability(alternatives given: [(String, Double)]) -> Double? {
        guard let alternatives = FirstTokenLabels.usable(given) else { return nil }
        var seen = Set<String>()
        var yes = 0.0
        var no = 0.0
        for (token, logprob) in alternatives where seen.insert(token).inserted {
            switch normalisedAnswer(token) {
            case "yes": yes += exp(logprob)
            case "no": no += exp(logprob)
            default: break
            }
        }
        if yes == 0 && no == 0 {
            // Neither word among the alternatives: the chosen token decides, weakly.
            return nil
        }
        // A word missing from the top alternatives is at most as likely as the least likely one shown.
        let floor = exp(alternatives.map(\.1).min() ?? -20)
        if yes == 0 { yes = min(floor, no) * 0.5 }
        if no == 0 { no = min(floor, yes) * 0.5 }
        let probability = yes / (yes + no)
        return probability.isFinite ? min(1, max(0, probability)) : nil
    }

    static func normalisedAnswer(_ token: String) -> String {
        token.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
            .replacingOccurrences(of: "Ġ", with: "").replacingOccurrences(of: "▁", with: "").lowercased()
    }

    /// The first digit 1–5 in a rating answer.
    static func rating(in text: String) -> Int? {
        let normalised = PermutationParser.normalise(text)
        return normalised.first { ("1"..."5").contains($0) }.flatMap { Int(String($0)) }
    }
}

extension PointwiseRanker {
    /// One call per candidate, and one more where it falls back to a rating.
    static func maxCalls(candidates: Int, options: RerankOptions) -> Int {
        candidates.saturatingMultiplied(by: 2)
    }
}
