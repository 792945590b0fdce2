/// One way of ranking a request's candidates with the model (listwise, pointwise, pairwise, setwise): the
/// templates it renders, the prompt the history budget measures for it, and the ranking of one request.
///
/// `RerankService` picks the ranker once per request (`RankingStrategy.ranker`) and never looks inside it.
protocol Ranker: Sendable {
    /// A ranker for one request's calls.
    init(context: RankingContext)

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
