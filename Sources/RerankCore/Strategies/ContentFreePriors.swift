import LLMClient

/// The content-free label priors of one request (`calibration: content_free`): the same prompt with every
/// candidate shown as "N/A", read from the first token once per label count and shared by all of the request's
/// readings of that count. The calls are counted in the request's cost like any other.
actor ContentFreePriors {
    /// Asks the content-free prompt with this many labels; the prior is nil when no label could be read.
    typealias Ask = @Sendable (_ labelCount: Int) async -> (prior: LabelPrior?, outcome: CallOutcome)

    private let ask: Ask
    private var asked: [Int: Task<(prior: LabelPrior?, outcome: CallOutcome), Never>] = [:]
    private var outcomes: [CallOutcome] = []
    private var counts = LogitsCounts()

    init(ask: @escaping Ask) {
        self.ask = ask
    }

    /// The prior for readings of `labelCount` labels, asked on first use; nil when it could not be read, so
    /// those readings are used as they are.
    func prior(labelCount: Int) async -> LabelPrior? {
        if let pending = asked[labelCount] { return await pending.value.prior }
        let ask = self.ask
        let task = Task { await ask(labelCount) }
        asked[labelCount] = task
        let (prior, outcome) = await task.value
        outcomes.append(outcome)
        counts.calibrationCalls += 1
        if prior == nil { counts.calibrationUnusable += 1 }
        return prior
    }

    /// The calibration calls made so far and their counts, to add to the request's.
    func snapshot() -> ([CallOutcome], LogitsCounts) { (outcomes, counts) }

    /// Priors asked through `context`: `render` makes the strategy's prompt for the content-free candidates
    /// (or the failed outcome a template error becomes), and one first-token call reads it.
    static func asking(
        through context: RankingContext, options: RerankOptions, purpose: String,
        render: @escaping @Sendable ([Item]) -> Result<[ChatMessage], RenderFailure>
    ) -> ContentFreePriors {
        ContentFreePriors { labelCount in
            let messages: [ChatMessage]
            switch render(placeholders(labelCount)) {
            case .success(let rendered): messages = rendered
            case .failure(let failure): return (nil, failure.outcome)
            }
            let outcome = await context.client.call(
                context.firstTokenRequest(messages, options: options),
                purpose: "\(purpose) calibration (\(labelCount) content-free candidates)", explain: options.explain)
            return (prior(from: outcome, labelCount: labelCount), outcome)
        }
    }

    /// Candidates that say nothing, one per label.
    static func placeholders(_ count: Int) -> [Item] {
        (0..<count).map { Item(id: "content-free-\($0 + 1)", title: "N/A") }
    }

    /// Reads one content-free call: its label scores as a prior, or nil.
    static func prior(from outcome: CallOutcome, labelCount: Int) -> LabelPrior? {
        guard let response = outcome.completion?.response,
            case .scores(let scores, _) = FirstTokenLabels.read(response, labelCount: labelCount)
        else { return nil }
        return LabelPrior(scores: scores)
    }
}
