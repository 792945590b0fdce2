import Foundation
import RerankRuntime
import Testing

@testable import RerankCore

@Suite("History budget per strategy")
struct StrategyBudgetTests {
    /// The rule the budget has always followed: a window of candidates under the family's ranking template
    /// for listwise; the pairwise template over the first two candidates for every other strategy.
    func expectedDropped(_ request: RerankRequest, prompts: PromptLibrary, maxTokens: Int) -> Int {
        let listwise = request.options.strategy == .listwise
        let shown = Array(request.candidates.prefix(listwise ? min(request.candidates.count, max(2, request.options.window)) : 2))
        let template = listwise ? request.options.prompt.rankingTemplate : "pairwise"
        func fits(keeping count: Int) -> Bool {
            var copy = request
            copy.user.history = Array(request.user.history.suffix(count))
            guard let messages = try? prompts.render(template, context: PromptContext.ranking(request: copy, shown: shown)) else {
                return true
            }
            return PromptBudget.estimatedTokens(messages) <= maxTokens
        }
        let count = request.user.history.count
        return count - ((0...count).reversed().first(where: fits) ?? 0)
    }

    @Test("each strategy keeps the history the budget kept before it named its own prompt")
    func sameCut() throws {
        let prompts = try PromptLibrary(directory: PackagePaths.prompts)
        let history = (0..<40).map { Item(id: "h\($0)", title: "A fairly long watched title number \($0)") }
        let candidates = (0..<12).map { Item(id: "c\($0)", title: "Candidate title \($0) with some words") }
        for strategy in RankingStrategy.allCases {
            for family in [PromptFamily.sequential, .recency] {
                for maxTokens in [200, 400, 700, 5000] {
                    var options = RerankOptions(prompt: family, strategy: strategy)
                    options.window = 5
                    let request = RerankRequest(
                        id: "r", user: UserContext(id: "u", history: history), candidates: candidates, options: options)
                    let fitted = PromptBudget(maxTokens: maxTokens).fit(request, prompts: prompts)
                    #expect(
                        fitted.droppedHistoryItems == expectedDropped(request, prompts: prompts, maxTokens: maxTokens),
                        "\(strategy) \(family) \(maxTokens)")
                }
            }
        }
    }
}
