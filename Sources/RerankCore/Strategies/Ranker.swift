import LLMClient

/// One way of ranking a request's candidates with the model (listwise, pointwise, pairwise, setwise): the
/// templates it renders, the prompt the history budget measures for it, and the ranking of one request.
///
/// `RerankService` picks the ranker once per request (`RankingStrategy.ranker`) and never looks inside it.
protocol Ranker: Sendable {
    /// A ranker for one request's calls.
    init(context: RankingContext)

    /// The client, prompts, model and profile the ranker's calls go through.
    var context: RankingContext { get }

    /// The templates this strategy renders for a request with these options, in the order it uses them.
    static func templates(for options: RerankOptions) -> [String]

    /// The most calls this strategy makes for `candidates` candidates with these options, in the worst case
    /// (every re-ask taken, every fallback made), worked out before any call so a request can be refused as too
    /// costly. Saturating: options can be as large as a configuration allows.
    static func maxCalls(candidates: Int, options: RerankOptions) -> Int

    /// The prompt whose estimated size decides how much history a request keeps.
    static func budgetPrompt(for request: RerankRequest) -> BudgetPrompt

    /// The request ranked. Never throws: a failure to use the model is carried in `StrategyResult.failure`.
    func rank(_ request: RerankRequest) async -> StrategyResult
}

extension Ranker {
    /// `template` rendered for `promptContext`, or the failed call a template error becomes. A broken template
    /// never throws out of a ranking: the call is not made, diagnostics count it as failed, and when no call
    /// answers, the template's message is the reason the answer is degraded.
    func render(_ template: String, with promptContext: RankingPromptContext) -> Result<[ChatMessage], RenderFailure> {
        do {
            return .success(try context.prompts.render(template, context: promptContext))
        } catch {
            return .failure(RenderFailure(error))
        }
    }

    /// The answer when no call produced one: the upstream order with no evidence or scores, which
    /// `RerankService` turns into the degraded answer. The reason is the first failed call's error, as it names
    /// what to fix (the endpoint, a template); `noAnswer` says what was missing when no call failed outright.
    /// `logits` keeps what the readings said, so diagnostics still explain why none could be used.
    static func unanswered(
        _ request: RerankRequest, outcomes: [CallOutcome], logits: LogitsCounts = LogitsCounts(), noAnswer: String
    ) -> StrategyResult {
        var result = StrategyResult(
            order: request.upstreamOrder, outcomes: outcomes,
            failure: outcomes.compactMap(\.error).first ?? .noAnswer(message: noAnswer))
        result.logits = logits
        return result
    }
}

extension RankingStrategy {
    /// The ranker that carries out this strategy.
    var ranker: any Ranker.Type {
        switch self {
        case .listwise: return ListwiseRanker.self
        case .pointwise: return PointwiseRanker.self
        case .pairwise: return PairwiseRanker.self
        case .setwise: return SetwiseRanker.self
        }
    }
}
