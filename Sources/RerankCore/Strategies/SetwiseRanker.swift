import LLMClient

/// Ranks the top `top_k` by a heap sort whose comparison asks the model for the best of a small labelled
/// set (`set_size` candidates, letters A, B, …), read from the first token's logits, or from a generated
/// letter when the endpoint returns no logprobs. The rest follow in upstream order.
///
/// Position bias: each set is shown in its own seeded shuffle, so the heap's parent (the incumbent) is not
/// always label A; with `votes` > 1 each comparison is asked in that many shuffles and their normalised
/// label probabilities are added. With `calibration: content_free` each reading also has the model's preference
/// for the letters themselves, read from one content-free set per set size, subtracted.
struct SetwiseRanker: Ranker {
    let context: RankingContext

    /// The best of a small labelled set.
    static let template = "setwise"

    static func templates(for options: RerankOptions) -> [String] { [template] }

    static func budgetPrompt(for request: RerankRequest) -> BudgetPrompt { .pairwiseEstimate(for: request) }

    func rank(_ request: RerankRequest) async -> StrategyResult {
        let options = request.options
        let upstream = request.upstreamOrder
        var upstreamPosition = [Int](repeating: 0, count: request.candidates.count)
        for (position, candidate) in upstream.enumerated() { upstreamPosition[candidate] = position }
        let ledger = SetwiseLedger()
        let priors = options.calibration == .contentFree ? contentFreePriors(request) : nil
        let sorter = SetwiseHeapSort(setSize: min(options.setSize, FirstTokenLabels.maxLabels), topK: options.topK)
        let order = await sorter.sort(upstream) { set in
            let comparison = await ledger.next()
            return await best(
                of: set, comparison: comparison, request: request, upstreamPosition: upstreamPosition, ledger: ledger, priors: priors)
        }
        var (outcomes, counts, answered) = await ledger.snapshot()
        if let (calibrationOutcomes, calibrationCounts) = await priors?.snapshot() {
            outcomes += calibrationOutcomes
            counts = counts + calibrationCounts
        }
        if answered == 0, !outcomes.isEmpty, outcomes.allSatisfy({ $0.completion == nil }) {
            // The endpoint could not be used at all: that, and only that, is a degraded answer.
            return Self.unanswered(request, outcomes: outcomes, logits: counts, noAnswer: "no setwise comparison got an answer")
        }
        var result = StrategyResult(order: order, outcomes: outcomes)
        result.logits = counts
        return result
    }

    /// The position in `set` of the candidate the model picks, or nil when no presentation told.
    private func best(
        of set: [Int], comparison: Int, request: RerankRequest, upstreamPosition: [Int], ledger: SetwiseLedger,
        priors: ContentFreePriors?
    ) async -> Int? {
        let votes = max(1, request.options.votes)
        var total = [Double](repeating: 0, count: set.count)
        var usable = false
        for vote in 0..<votes {
            var generator = SplitMix64.stream(comparison &* 64 &+ vote, of: request.options.seed)
            let shown = Array(set.indices).shuffled(using: &generator)
            let (probabilities, outcomes, counts) = await ask(
                shown: shown.map { set[$0] }, request: request, salt: comparison &* 64 &+ vote, priors: priors)
            await ledger.record(outcomes, counts: counts, answered: probabilities != nil)
            guard let probabilities else { continue }
            usable = true
            for (position, member) in shown.enumerated() { total[member] += probabilities[position] }
        }
        await ledger.comparison(usable: usable)
        guard usable else { return nil }
        // Ties go to the set's earliest member in upstream order.
        return ScoreOrder.order(total, tieBreakOrder: set.indices.sorted { upstreamPosition[set[$0]] < upstreamPosition[set[$1]] }).first
    }

    /// One presentation: the label probabilities (summing to 1) by shown position, or nil.
    private func ask(shown: [Int], request: RerankRequest, salt: Int, priors: ContentFreePriors?) async -> (
        [Double]?, [CallOutcome], LogitsCounts
    ) {
        var counts = LogitsCounts()
        let items = shown.map { request.candidates[$0] }
        let messages: [ChatMessage]
        switch renderSet(items, request: request) {
        case .success(let rendered): messages = rendered
        case .failure(let failure): return (nil, [failure.outcome], counts)
        }
        let purpose = "setwise " + items.map(\.id).joined(separator: ",")
        let chat = context.firstTokenRequest(messages, options: request.options, salt: salt)
        let outcome = await context.client.call(chat, purpose: purpose, explain: request.options.explain)
        guard let completion = outcome.completion else { return (nil, [outcome], counts) }
        var reading = FirstTokenLabels.read(completion.response, labelCount: items.count)
        if case .scores(let scores, let missing) = reading, let prior = await priors?.prior(labelCount: items.count) {
            // The picks by label then count the calibrated choices, so they show what calibration left of the bias.
            reading = .scores(prior.calibrate(scores), missing: missing)
        }
        counts.record(reading)
        switch reading {
        case .scores(let scores, _):
            return (FirstTokenLabels.probabilities(scores), [outcome], counts)
        case .noLabel:
            return (nil, [outcome], counts)
        case .noLogprobs:
            // No logprobs from this endpoint: a few generated tokens, and the first label in them.
            let generated = await context.client.call(
                context.chatRequest(messages, options: request.options, maxTokens: 4, salt: salt),
                purpose: purpose + " (generated)", explain: request.options.explain)
            guard let text = generated.completion?.text, let label = Self.firstLabel(in: text, count: items.count) else {
                return (nil, [outcome, generated], counts)
            }
            var one = [Double](repeating: 0, count: items.count)
            one[label] = 1
            return (one, [outcome, generated], counts)
        }
    }

    /// The setwise prompt showing `items` under letter labels, or the failed outcome a template error becomes.
    private func renderSet(_ items: [Item], request: RerankRequest) -> Result<[ChatMessage], RenderFailure> {
        render(Self.template, with: PromptContext.ranking(request: request, shown: items, profile: context.profile, letterLabels: true))
    }

    /// The request's content-free priors: the setwise prompt with every member of a set shown as "N/A".
    private func contentFreePriors(_ request: RerankRequest) -> ContentFreePriors {
        ContentFreePriors.asking(through: context, options: request.options, purpose: "setwise") { placeholders in
            renderSet(placeholders, request: request)
        }
    }

    /// The first standalone letter label in generated text.
    static func firstLabel(in text: String, count: Int) -> Int? {
        for word in text.split(whereSeparator: { !$0.isLetter }) where word.count == 1 {
            if let label = FirstTokenLabels.label(of: String(word), labelCount: count), word.uppercased() == String(word) {
                return label
            }
        }
        return nil
    }
}

extension SetwiseRanker {
    /// Building a heap costs at most one comparison per candidate (the sum of the nodes' heights), and each
    /// extracted item one per level of depth. Each comparison is asked once per vote, and a call without logprobs
    /// is asked again for text; content-free calibration adds one call per set size from 2 to `set_size`.
    static func maxCalls(candidates: Int, options: RerankOptions) -> Int {
        let arity = max(1, min(options.setSize, FirstTokenLabels.maxLabels) - 1)
        var depth = 1
        var reach = 1
        while reach < candidates {
            reach = reach.saturatingMultiplied(by: arity).saturatingAdding(1)
            depth += 1
        }
        let comparisons = candidates.saturatingAdding(min(options.topK, candidates).saturatingMultiplied(by: depth))
        let calls = comparisons.saturatingMultiplied(by: 2).saturatingMultiplied(by: max(1, options.votes))
        return options.calibration == .contentFree ? calls.saturatingAdding(arity) : calls
    }
}
