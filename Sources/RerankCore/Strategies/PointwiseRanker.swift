import Foundation
import LLMClient

/// Scores each candidate on its own: P("Yes") to "will the user want this next?", read from the first
/// token's logprobs and normalised against "No", or the expected 0–4 grade (`pointwise_scale: grades`). No
/// position bias by construction. Every call of a list shares the history prefix byte for byte, and the calls
/// are scheduled (`WarmStart`) so the server reads it once. Endpoints without logprobs get a 1–5 rating
/// prompt instead.
struct PointwiseRanker: Ranker {
    let context: RankingContext

    /// The yes/no question read from the first token's logprobs.
    static let template = "pointwise"
    /// The 0–4 grade question, read from the same one token.
    static let gradedTemplate = "pointwise_graded"
    /// The 1–5 rating asked of endpoints without logprobs.
    static let ratingTemplate = "pointwise_rating"

    static func templates(for options: RerankOptions) -> [String] { [question(for: options.pointwiseScale), ratingTemplate] }

    /// The template that asks `scale`'s question.
    static func question(for scale: PointwiseScale) -> String {
        switch scale {
        case .yesNo: return template
        case .grades: return gradedTemplate
        }
    }

    static func budgetPrompt(for request: RerankRequest) -> BudgetPrompt { .pairwiseEstimate(for: request) }

    func rank(_ request: RerankRequest) async -> StrategyResult {
        let concurrency = request.options.pointwiseConcurrency
        let scored = await WarmStart.run(count: request.candidates.count, warm: concurrency > 0, inFlight: concurrency) { index in
            await score(request, candidate: index)
        }
        let outcomes = scored.flatMap(\.outcomes)
        guard scored.contains(where: { $0.score != nil }) else {
            return Self.unanswered(request, outcomes: outcomes, noAnswer: "no candidate could be scored")
        }
        let upstream = request.upstreamOrder
        var result = StrategyResult(order: upstream, outcomes: outcomes)
        // An unscored candidate sits below every scored one, in upstream order.
        result.order = ScoreOrder.order(scored.map { $0.score ?? -1 }, tieBreakOrder: upstream)
        result.evidence = scored.map { entry in entry.score.map { [(entry.evidence, $0)] } ?? [] }
        result.counters.repairs.unknown = scored.filter(\.answeredWithoutScore).count
        return result
    }

    /// One candidate's score and the calls behind it.
    private struct CandidateScore: Sendable {
        /// The candidate's index in the request.
        var candidate: Int
        /// In [0, 1]; nil when no call told.
        var score: Double?
        /// Which evidence the score is: `p_yes`, `expected_grade`, or `rating` where the endpoint returned no logprobs.
        var evidence: String
        var outcomes: [CallOutcome]

        /// Every call answered, yet none named a score: counted as an unknown repair, as an answer naming no
        /// candidate is.
        var answeredWithoutScore: Bool {
            score == nil && !outcomes.isEmpty && outcomes.allSatisfy { $0.completion != nil }
        }
    }

    /// The candidate's score in [0, 1] and which evidence it is (`p_yes`, `expected_grade` or `rating`).
    private func score(_ request: RerankRequest, candidate index: Int) async -> CandidateScore {
        let item = request.candidates[index]
        let scale = request.options.pointwiseScale
        let evidence = scale == .yesNo ? "p_yes" : "expected_grade"
        var promptContext = PromptContext.ranking(request: request, shown: [], profile: context.profile)
        promptContext["candidate"] = PromptItem(item: item, position: 1)
        let messages: [ChatMessage]
        switch render(Self.question(for: scale), with: promptContext) {
        case .success(let rendered): messages = rendered
        case .failure(let failure): return CandidateScore(candidate: index, evidence: evidence, outcomes: [failure.outcome])
        }
        var chat = context.chatRequest(messages, options: request.options, maxTokens: 1)
        chat.temperature = 0
        chat.logprobs = true
        chat.topLogprobs = 10
        let outcome = await context.client.call(chat, purpose: "pointwise \(item.id)", explain: request.options.explain)
        guard let completion = outcome.completion else { return CandidateScore(candidate: index, evidence: evidence, outcomes: [outcome]) }
        let reading = FirstTokenLabels.alternatives(in: completion.response).flatMap { alternatives in
            scale == .yesNo ? Self.yesProbability(alternatives: alternatives) : Self.expectedGrade(alternatives: alternatives)
        }
        if let reading {
            return CandidateScore(candidate: index, score: reading, evidence: evidence, outcomes: [outcome])
        }
        // No logprobs from this endpoint: ask for a rating instead. A rating template that fails to render adds
        // no failed call: the candidate stays unscored on the yes/no call's answer.
        guard case .success(let ratingMessages) = render(Self.ratingTemplate, with: promptContext) else {
            return CandidateScore(candidate: index, evidence: "rating", outcomes: [outcome])
        }
        let ratingChat = context.chatRequest(ratingMessages, options: request.options, maxTokens: 4)
        let rating = await context.client.call(ratingChat, purpose: "pointwise rating \(item.id)", explain: request.options.explain)
        guard let ratingText = rating.completion?.text, let value = Self.rating(in: ratingText) else {
            return CandidateScore(candidate: index, evidence: "rating", outcomes: [outcome, rating])
        }
        return CandidateScore(candidate: index, score: Double(value - 1) / 4, evidence: "rating", outcomes: [outcome, rating])
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

    /// The grades a graded answer may give, 0 (not at all) to 4 (certainly).
    static let grades = 0...4

    /// The expected grade over the grade digits among the alternatives, divided by 4, so always in [0, 1]; nil
    /// when no alternative is a grade or a log-probability is impossible. A grade absent from the alternatives
    /// counts as probability 0: it is less likely than every one shown, and the grades shown are renormalised.
    static func expectedGrade(alternatives given: [(String, Double)]) -> Double? {
        guard let alternatives = FirstTokenLabels.usable(given) else { return nil }
        var seen = Set<String>()
        var mass = [Double](repeating: 0, count: grades.count)
        for (token, logprob) in alternatives where seen.insert(token).inserted {
            let answer = normalisedAnswer(token)
            guard answer.utf8.count == 1, let grade = Int(answer), grades.contains(grade) else { continue }
            mass[grade - grades.lowerBound] += exp(logprob)
        }
        let total = mass.reduce(0, +)
        guard total > 0 else { return nil }
        let expected = zip(grades, mass).reduce(0.0) { $0 + Double($1.0) * $1.1 } / total
        let score = (expected - Double(grades.lowerBound)) / Double(grades.upperBound - grades.lowerBound)
        return score.isFinite ? min(1, max(0, score)) : nil
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
