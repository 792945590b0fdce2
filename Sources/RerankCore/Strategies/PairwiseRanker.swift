import LLMClient

/// Ranks by comparing two candidates at a time, each pair asked in both orders so the model's preference
/// for the first (or second) slot cancels out (pairwise ranking prompting, Qin et al. 2023).
///
/// Up to `allPairsLimit` candidates every pair is compared and candidates are ordered by wins; beyond it
/// a merge sort bounds the work to about K·log2(K) comparisons.
struct PairwiseRanker: Ranker {
    let context: RankingContext
    static let allPairsLimit = 8

    /// Which of two candidates the user would choose next.
    static let template = "pairwise"

    static func templates(for options: RerankOptions) -> [String] { [template] }

    static func budgetPrompt(for request: RerankRequest) -> BudgetPrompt { .pairwiseEstimate(for: request) }

    func rank(_ request: RerankRequest) async -> StrategyResult {
        let upstream = request.upstreamOrder
        let ledger = ComparisonLedger()
        var wins = [Double](repeating: 0, count: request.candidates.count)
        let order: [Int]
        if request.candidates.count <= Self.allPairsLimit {
            let pairs = upstream.indices.flatMap { i in (i + 1..<upstream.count).map { (upstream[i], upstream[$0]) } }
            let results = await withTaskGroup(of: (Int, Int, Double?).self) { group in
                for (a, b) in pairs {
                    group.addTask { (a, b, await compare(a, b, request: request, ledger: ledger)) }
                }
                var collected: [(Int, Int, Double?)] = []
                for await result in group { collected.append(result) }
                return collected
            }
            for (a, b, share) in results {
                let aShare = share ?? 0.5
                wins[a] += aShare
                wins[b] += 1 - aShare
            }
            order = ScoreOrder.order(wins, tieBreakOrder: upstream)
        } else {
            let (sorted, collected) = await mergeSort(upstream, request: request, ledger: ledger)
            order = sorted
            for (candidate, won) in collected { wins[candidate] = won }
        }
        let (outcomes, _, counts) = await ledger.snapshot()
        if !outcomes.isEmpty, outcomes.allSatisfy({ $0.completion == nil }) {
            // Degraded means the endpoint could not be used; unusable answers are counted in diagnostics instead.
            return Self.unanswered(request, outcomes: outcomes, logits: counts, noAnswer: "no comparison got an answer from the endpoint")
        }
        var result = StrategyResult(order: order, evidence: wins.map { [("wins", $0)] }, outcomes: outcomes)
        result.scores = wins
        result.logits = counts
        return result
    }

    /// Stable merge sort with the model as comparator; left wins ties, so upstream order breaks them.
    /// Returns the order and the wins each candidate collected on the way.
    private func mergeSort(_ items: [Int], request: RerankRequest, ledger: ComparisonLedger) async -> ([Int], [Int: Double]) {
        guard items.count > 1 else { return (items, [:]) }
        let middle = items.count / 2
        async let sortedLeft = mergeSort(Array(items[..<middle]), request: request, ledger: ledger)
        async let sortedRight = mergeSort(Array(items[middle...]), request: request, ledger: ledger)
        let ((left, leftWins), (right, rightWins)) = await (sortedLeft, sortedRight)
        var wins = leftWins.merging(rightWins, uniquingKeysWith: +)
        var merged: [Int] = []
        merged.reserveCapacity(items.count)
        var i = 0
        var j = 0
        while i < left.count, j < right.count {
            let share = await compare(left[i], right[j], request: request, ledger: ledger) ?? 0.5
            wins[left[i], default: 0] += share
            wins[right[j], default: 0] += 1 - share
            if share >= 0.5 {
                merged.append(left[i])
                i += 1
            } else {
                merged.append(right[j])
                j += 1
            }
        }
        merged += left[i...]
        merged += right[j...]
        return (merged, wins)
    }

    /// The share of `a`'s preference over the two orderings, in [0, 1]: from the first token's A/B
    /// probabilities where the endpoint returns logprobs, else 1, 0.5 or 0 from the answers' letters.
    /// 0.5 when neither call gave a usable answer; nil when neither call reached the endpoint.
    private func compare(_ a: Int, _ b: Int, request: RerankRequest, ledger: ComparisonLedger) async -> Double? {
        async let forward = ask(first: a, second: b, request: request)
        async let backward = ask(first: b, second: a, request: request)
        let (one, two) = await (forward, backward)
        var votes: [Double] = []
        if let share = one.firstShare { votes.append(share) }
        if let share = two.firstShare { votes.append(1 - share) }
        var counts = one.counts + two.counts
        counts.comparisons += 1
        if votes.isEmpty { counts.unusableComparisons += 1 }
        if let forward = one.pickedFirstShown, let backward = two.pickedFirstShown, forward == backward {
            counts.inconsistentComparisons += 1
        }
        await ledger.record([one.outcome, two.outcome], answered: votes.count, counts: counts)
        guard !votes.isEmpty else { return one.outcome.completion == nil && two.outcome.completion == nil ? nil : 0.5 }
        return votes.reduce(0, +) / Double(votes.count)
    }

    enum Choice { case first, second }

    /// One ordering of a pair. `firstShare` is how strongly the first shown candidate was preferred;
    /// `pickedFirstShown` whether label A was the answer (the most likely first token, ties to A as in
    /// `picks_by_label`, or the letter written), nil when the call named neither.
    private struct Asked: Sendable {
        var outcome: CallOutcome
        var firstShare: Double?
        var pickedFirstShown: Bool?
        var counts = LogitsCounts()
    }

    private func ask(first: Int, second: Int, request: RerankRequest) async -> Asked {
        var promptContext = PromptContext.ranking(request: request, shown: [], profile: context.profile)
        promptContext["first"] = PromptItem(item: request.candidates[first], position: 1)
        promptContext["second"] = PromptItem(item: request.candidates[second], position: 2)
        let messages: [ChatMessage]
        switch render(Self.template, with: promptContext) {
        case .success(let rendered): messages = rendered
        case .failure(let failure): return Asked(outcome: failure.outcome)
        }
        // A few tokens, so an endpoint without logprobs still answers in text; the logits decide where given.
        var chat = context.firstTokenRequest(messages, options: request.options)
        chat.maxTokens = 3
        let outcome = await context.client.call(
            chat, purpose: "pairwise \(request.candidates[first].id) vs \(request.candidates[second].id)", explain: request.options.explain)
        guard let completion = outcome.completion else { return Asked(outcome: outcome) }
        var asked = Asked(outcome: outcome)
        let reading = FirstTokenLabels.read(completion.response, labelCount: 2)
        asked.counts.record(reading)
        switch reading {
        case .scores(let scores, _):
            asked.firstShare = FirstTokenLabels.probabilities(scores)[0]
            asked.pickedFirstShown = LogitsCounts.pickedPosition(scores) == 0
        case .noLogprobs, .noLabel:
            // The call asked for a few tokens of text, so an endpoint without logprobs (counted as a fallback,
            // as setwise's are) or a first token that named no label still answers with its letter.
            asked.pickedFirstShown = Self.choice(in: completion.text).map { $0 == .first }
            asked.firstShare = asked.pickedFirstShown.map { $0 ? 1 : 0 }
        }
        return asked
    }

    /// The first standalone "A" or "B" in the answer.
    static func choice(in text: String) -> Choice? {
        for word in text.split(whereSeparator: { !$0.isLetter }) {
            if word == "A" { return .first }
            if word == "B" { return .second }
        }
        return nil
    }
}

extension PairwiseRanker {
    /// Every pair in both orders up to `allPairsLimit` candidates; past it a merge sort's K·⌈log2 K⌉ comparisons,
    /// each asked in both orders.
    static func maxCalls(candidates: Int, options: RerankOptions) -> Int {
        if candidates <= allPairsLimit { return candidates.saturatingMultiplied(by: candidates - 1) }
        let depth = Int.bitWidth - (candidates - 1).leadingZeroBitCount
        return candidates.saturatingMultiplied(by: 2).saturatingMultiplied(by: depth)
    }
}
