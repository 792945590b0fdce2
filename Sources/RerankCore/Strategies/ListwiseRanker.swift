import JSONLines
import LLMClient

/// Ranks by asking for a permutation: B votes, each on its own seeded shuffle (a single vote keeps the
/// upstream order), parsed, optionally re-asked once, repaired, and aggregated. Lists longer than the
/// window are ranked in sliding windows from the bottom up.
struct ListwiseRanker: Ranker {
    let context: RankingContext

    static func templates(for options: RerankOptions) -> [String] { [options.prompt.rankingTemplate] }

    /// The largest prompt a call shows: one window of candidates.
    static func budgetPrompt(for request: RerankRequest) -> BudgetPrompt {
        let shownCount = min(request.candidates.count, max(2, request.options.window))
        return BudgetPrompt(template: request.options.prompt.rankingTemplate, shown: Array(request.candidates.prefix(shownCount)))
    }

    func rank(_ request: RerankRequest) async -> StrategyResult {
        let options = request.options
        let priors = options.scoring == .logits && options.calibration == .contentFree ? contentFreePriors(request) : nil
        var result = await rankInWindows(request, priors: priors)
        // Set once for the request: the windows' counters are added up, and each asks the same votes.
        result.counters.votes = max(1, request.options.votes)
        if let (outcomes, counts) = await priors?.snapshot() {
            result.outcomes += outcomes
            result.logits = result.logits + counts
        }
        return result
    }

    /// The request's content-free priors: its ranking prompt with every shown candidate as "N/A".
    private func contentFreePriors(_ request: RerankRequest) -> ContentFreePriors {
        ContentFreePriors.asking(through: context, options: request.options, purpose: "listwise") { placeholders in
            renderRanking(request, shown: placeholders, letterLabels: true)
        }
    }

    /// One window, or sliding windows from the bottom up when the list is longer than one.
    private func rankInWindows(_ request: RerankRequest, priors: ContentFreePriors?) async -> StrategyResult {
        let options = request.options
        // A labelled call shows at most as many candidates as there are single-token labels.
        let window = options.scoring == .logits ? min(options.window, FirstTokenLabels.maxLabels) : options.window
        let plan = SlidingWindow.plan(count: request.candidates.count, window: window, step: min(options.step, window - 1))
        guard plan.count > 1 else {
            var result = await rankWindow(request, priors: priors)
            result.windowPasses = 1
            return result
        }
        var current = request.upstreamOrder
        var combined = StrategyResult(order: current)
        var answered = 0
        var agreements: [Double] = []
        var echoes: [Double] = []
        for range in plan {
            let windowCandidates = Array(current[range])
            let window = await rankWindow(request.restricted(to: windowCandidates), priors: priors)
            combined.outcomes += window.outcomes
            combined.counters += window.counters
            combined.logits = combined.logits + window.logits
            combined.windowPasses += 1
            if let agreement = window.agreement { agreements.append(agreement) }
            if let echo = window.positionEcho { echoes.append(echo) }
            if window.failure == nil {
                answered += 1
                current.replaceSubrange(range, with: window.order.map { windowCandidates[$0] })
            } else {
                combined.failure = combined.failure ?? window.failure
            }
        }
        combined.order = current
        if answered > 0 { combined.failure = nil }
        combined.agreement = agreements.isEmpty ? nil : agreements.reduce(0, +) / Double(agreements.count)
        combined.positionEcho = echoes.isEmpty ? nil : echoes.reduce(0, +) / Double(echoes.count)
        return combined
    }

    /// Votes over one list that fits a prompt.
    private func rankWindow(_ request: RerankRequest, priors: ContentFreePriors?) async -> StrategyResult {
        let upstream = request.upstreamOrder
        let votes = max(1, request.options.votes)
        let presentations: [[Int]] = (0..<votes).map { vote in
            if votes == 1 { return upstream }
            var generator = SplitMix64.stream(vote, of: request.options.seed)
            return upstream.shuffled(using: &generator)
        }
        // Warm votes: the first goes alone so the rest find its prompt prefix in the server's cache.
        let results = await WarmStart.run(
            count: presentations.count, warm: votes > 1 && request.options.warmVotes, inFlight: request.options.voteConcurrency
        ) { vote in
            await runVote(request, shown: presentations[vote], vote: vote, priors: priors)
        }
        let replied = results.filter(\.replied)
        guard !replied.isEmpty else {
            return Self.unanswered(request, outcomes: results.flatMap(\.outcomes), noAnswer: "no vote produced an answer")
        }
        var result = StrategyResult(order: upstream)
        result.outcomes = results.flatMap(\.outcomes)
        for vote in results { result.logits = result.logits + vote.logits }
        for vote in replied {
            result.counters.repairs = result.counters.repairs + vote.repairs
            if vote.firstTryValid { result.counters.firstTryValid += 1 }
            if vote.reasked { result.counters.reasked += 1 }
            if !vote.repairs.isClean { result.counters.repaired += 1 }
        }
        // A reply that named no candidate abstains rather than voting for the upstream order.
        let orderings = replied.compactMap(\.ordering)
        guard !orderings.isEmpty else { return result }
        let scored = replied.filter { $0.ordering != nil }.compactMap(\.scores)
        if scored.count == orderings.count {
            // Every usable vote was read from logits: the mean of its normalised log-probabilities.
            let means = upstream.indices.map { candidate in scored.reduce(0) { $0 + $1[candidate] } / Double(scored.count) }
            result.order = ScoreOrder.order(means, tieBreakOrder: upstream)
            result.evidence = means.map { [("logprob", $0)] }
            result.scores = means
        } else {
            let (order, points) = request.options.aggregation.aggregate(orderings, tieBreakOrder: upstream)
            result.order = order
            result.evidence = points.map { [("points", $0)] }
            result.scores = points
        }
        result.agreement = KendallTau.meanPairwise(orderings)
        let echoes = replied.compactMap(\.echo)
        result.positionEcho = echoes.isEmpty ? nil : echoes.reduce(0, +) / Double(echoes.count)
        return result
    }

    private struct VoteResult: Sendable {
        var shown: [Int]
        var outcomes: [CallOutcome]
        /// Whether any call of this vote got an answer.
        var replied = false
        /// In request-candidate indices; nil when the call failed or the answer named no candidate.
        var ordering: [Int]?
        /// Kendall τ between the shown order and the order of the candidates the answer named.
        var echo: Double?
        var repairs = RepairCounts()
        var firstTryValid = false
        var reasked = false
        /// First-token scoring: normalised log-probability per request candidate index.
        var scores: [Double]?
        var logits = LogitsCounts()
    }

    /// One presentation, read from logits or from generated text as the options say; an endpoint that
    /// returns no logprobs is asked again for generated text.
    private func runVote(_ request: RerankRequest, shown: [Int], vote: Int, priors: ContentFreePriors?) async -> VoteResult {
        guard request.options.scoring == .logits else { return await runGeneratedVote(request, shown: shown, vote: vote) }
        let read = await runLogitsVote(request, shown: shown, vote: vote, priors: priors)
        guard read.logits.fallbacks > 0 else { return read }
        var generated = await runGeneratedVote(request, shown: shown, vote: vote)
        generated.outcomes = read.outcomes + generated.outcomes
        generated.logits = read.logits
        return generated
    }

    /// The family's ranking prompt for the shown candidates, or the failed outcome a template error becomes.
    private func renderRanking(_ request: RerankRequest, shown: [Item], letterLabels: Bool) -> Result<[ChatMessage], RenderFailure> {
        render(
            request.options.prompt.rankingTemplate,
            with: PromptContext.ranking(request: request, shown: shown, profile: context.profile, letterLabels: letterLabels))
    }

    /// One call of one token; each shown candidate is scored by its letter's log-probability.
    private func runLogitsVote(_ request: RerankRequest, shown: [Int], vote: Int, priors: ContentFreePriors?) async -> VoteResult {
        var result = VoteResult(shown: shown, outcomes: [])
        let shownItems = shown.map { request.candidates[$0] }
        let messages: [ChatMessage]
        switch renderRanking(request, shown: shownItems, letterLabels: true) {
        case .success(let rendered): messages = rendered
        case .failure(let failure):
            result.outcomes = [failure.outcome]
            return result
        }
        let chat = context.firstTokenRequest(messages, options: request.options, salt: vote)
        let outcome = await context.client.call(chat, purpose: "listwise logits vote \(vote + 1)", explain: request.options.explain)
        result.outcomes = [outcome]
        guard let completion = outcome.completion else { return result }
        var reading = FirstTokenLabels.read(completion.response, labelCount: shown.count)
        if case .scores(let scores, let missing) = reading, let prior = await priors?.prior(labelCount: shown.count) {
            reading = .scores(prior.calibrate(scores), missing: missing)
        }
        result.logits.record(reading)
        guard case .scores(let raw, _) = reading else {
            // No label at all: the vote abstains, and the diagnostics say why.
            result.replied = reading != .noLogprobs
            return result
        }
        result.replied = true
        let normalised = FirstTokenLabels.normalised(raw)
        var byCandidate = [Double](repeating: -Double.greatestFiniteMagnitude, count: request.candidates.count)
        for (position, candidate) in shown.enumerated() { byCandidate[candidate] = normalised[position] }
        result.scores = byCandidate
        let positions = ScoreOrder.order(normalised, tieBreakOrder: Array(shown.indices))
        result.ordering = positions.map { shown[$0] }
        if positions.count > 1 { result.echo = KendallTau.between(Array(shown.indices), positions) }
        result.firstTryValid = true
        return result
    }

    /// One presentation: a call, a parse, at most one corrective re-ask, then repair.
    private func runGeneratedVote(_ request: RerankRequest, shown: [Int], vote: Int) async -> VoteResult {
        var result = VoteResult(shown: shown, outcomes: [])
        let shownItems = shown.map { request.candidates[$0] }
        let messages: [ChatMessage]
        switch renderRanking(request, shown: shownItems, letterLabels: false) {
        case .success(let rendered): messages = rendered
        case .failure(let failure):
            result.outcomes = [failure.outcome]
            return result
        }
        let count = shown.count
        var chat = context.chatRequest(
            messages, options: request.options,
            maxTokens: request.options.maxAnswerTokens > 0 ? request.options.maxAnswerTokens : Self.maxTokens(count: count), salt: vote)
        if request.options.structuredOutput {
            chat.responseFormat = .jsonSchema(name: "ranking", schema: Self.permutationSchema(count: count))
        }
        let first = await context.client.call(chat, purpose: "listwise vote \(vote + 1)", explain: request.options.explain)
        result.outcomes.append(first)
        guard let firstCompletion = first.completion else { return result }

        let parser = PermutationParser(candidateCount: count, titles: shownItems.map(\.title))
        // Missing candidates are appended in upstream order.
        let upstreamRank = Dictionary(uniqueKeysWithValues: request.upstreamOrder.enumerated().map { ($1, $0) })
        let fallback = shown.indices.sorted { (upstreamRank[shown[$0]] ?? 0) < (upstreamRank[shown[$1]] ?? 0) }
        var references = parser.parse(firstCompletion.text)
        var (positions, repairs) = PermutationRepair.repair(references, fallbackOrder: fallback)
        result.firstTryValid = repairs.isClean

        if !repairs.isClean, request.options.reask {
            result.reasked = true
            var followUp = chat
            followUp.messages =
                messages + [
                    .assistant(firstCompletion.text),
                    .user(Self.correction(references: references, count: count)),
                ]
            let second = await context.client.call(followUp, purpose: "listwise vote \(vote + 1) re-ask", explain: request.options.explain)
            result.outcomes.append(second)
            if let secondCompletion = second.completion {
                let retried = parser.parse(secondCompletion.text)
                let (retriedPositions, retriedRepairs) = PermutationRepair.repair(retried, fallbackOrder: fallback)
                if retriedRepairs.total < repairs.total {
                    references = retried
                    positions = retriedPositions
                    repairs = retriedRepairs
                }
            }
        }
        result.replied = true
        result.repairs = repairs
        let named = positions.prefix(count - repairs.missing)
        if !named.isEmpty {
            result.ordering = positions.map { shown[$0] }
        }
        if named.count > 1 {
            result.echo = KendallTau.between(named.sorted(), Array(named))
        }
        return result
    }

    /// A short message naming exactly what was wrong with an answer.
    static func correction(references: [PermutationParser.Reference], count: Int) -> String {
        var seen = Set<Int>()
        var repeated: [Int] = []
        var unknown: [String] = []
        for reference in references {
            switch reference {
            case .candidate(let position):
                if !seen.insert(position).inserted { repeated.append(position + 1) }
            case .unknown(let text):
                unknown.append(text)
            }
        }
        let missing = (0..<count).filter { !seen.contains($0) }.map { $0 + 1 }
        var problems: [String] = []
        if !missing.isEmpty { problems.append("it left out " + missing.map { "[\($0)]" }.joined(separator: ", ")) }
        if !repeated.isEmpty { problems.append("it repeated " + Array(Set(repeated)).sorted().map { "[\($0)]" }.joined(separator: ", ")) }
        if !unknown.isEmpty { problems.append("it named labels that do not exist: " + unknown.prefix(5).joined(separator: ", ")) }
        return "Your answer was not a complete ranking: \(problems.joined(separator: "; ")). "
            + "Reply again with all \(count) labels from [1] to [\(count)], each exactly once, most likely first, separated by \" > \"."
    }

    /// Enough for every label with its separator, and no more: a valid answer never needs more.
    static func maxTokens(count: Int) -> Int {
        min(4096, count * 6 + 16)
    }

    /// Every element a shown label, so each item is a known candidate by construction. A JSON-schema grammar
    /// cannot forbid repeats, so repair still runs.
    static func permutationSchema(count: Int) -> JSONValue {
        [
            "type": "array",
            "items": ["type": "integer", "enum": .array((1...max(1, count)).map { .number(Double($0)) })],
            "minItems": .number(Double(count)),
            "maxItems": .number(Double(count)),
        ]
    }
}

extension ListwiseRanker {
    /// Votes × window passes, each vote re-asked once with `reask` and asked again for text when a logits vote
    /// finds no logprobs; with content-free calibration, one call per window length (the full one and a shorter last).
    static func maxCalls(candidates: Int, options: RerankOptions) -> Int {
        let logits = options.scoring == .logits
        let window = logits ? min(options.window, FirstTokenLabels.maxLabels) : options.window
        let passes = SlidingWindow.plan(count: candidates, window: window, step: min(options.step, window - 1)).count
        let perVote = (options.reask ? 2 : 1) + (logits ? 1 : 0)
        let calls = max(1, options.votes).saturatingMultiplied(by: passes).saturatingMultiplied(by: perVote)
        return logits && options.calibration == .contentFree ? calls.saturatingAdding(2) : calls
    }
}
