/// The prompt `PromptBudget` renders to estimate a request's size: a template and the candidates it shows.
struct BudgetPrompt: Sendable {
    let template: String
    let shown: [Item]

    /// The measure the strategies that show one, two or a few candidates a call share: the pairwise template
    /// over the first two candidates. It is not what pointwise or setwise render, nor does it show pairwise's
    /// two items; it is kept because measuring each strategy's own template would cut history at other points
    /// and so change the prompts sent.
    static func pairwiseEstimate(for request: RerankRequest) -> BudgetPrompt {
        BudgetPrompt(template: PairwiseRanker.template, shown: Array(request.candidates.prefix(2)))
    }
}
