import Foundation
import LLMClient
import RerankRuntime
import Testing

@testable import RerankCore

@Suite("Ranking failures and the strategies' templates")
struct RankingFailureTests {
    /// The shipped prompts with one template replaced by one that renders no user message.
    func library(breaking template: String) throws -> PromptLibrary {
        let directory = NSTemporaryDirectory() + "prompts-broken-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "[system]\nOnly a system line.".write(toFile: "\(directory)/\(template).mustache", atomically: true, encoding: .utf8)
        return try PromptLibrary(directory: directory, fallback: PackagePaths.prompts)
    }

    @Test(
        "a template that renders no user message degrades the answer to the upstream order, calls nothing and names the template",
        arguments: [(RankingStrategy.listwise, "sequential"), (.pointwise, "pointwise"), (.pairwise, "pairwise"), (.setwise, "setwise")])
    func brokenTemplate(strategy: RankingStrategy, template: String) async throws {
        let client = CallTimeline()
        let service = RerankService(client: client, prompts: try library(breaking: template), model: "m")
        var options = RerankOptions(strategy: strategy)
        options.topK = 3
        let request = RerankRequest(
            id: "r", user: UserContext(id: "u", history: [Item(id: "h", title: "Heat")]),
            candidates: ["a", "b", "c"].map { Item(id: $0, title: "Title \($0)") }, options: options)
        let response = await service.rerank(request)
        #expect(client.events.isEmpty)
        #expect(response.degraded)
        #expect(response.degradedReason == "prompt template '\(template)': renders no [user] message")
        #expect(response.ranking.map(\.id) == ["a", "b", "c"])
        #expect(response.diagnostics.llmCalls > 0 && response.diagnostics.failedCalls == response.diagnostics.llmCalls)
        #expect(response.diagnostics.retries == 0)
    }

    @Test("every template a strategy renders or measures is one the prompt library requires")
    func declaredTemplates() {
        let request = RerankRequest(
            id: "r", user: UserContext(id: "u", history: []), candidates: ["a", "b"].map { Item(id: $0, title: $0) },
            options: RerankOptions())
        for strategy in RankingStrategy.allCases {
            for family in PromptFamily.allCases {
                for scale in PointwiseScale.allCases {
                    var options = RerankOptions(prompt: family, strategy: strategy)
                    options.window = 20
                    options.pointwiseScale = scale
                    var shaped = request
                    shaped.options = options
                    let templates = strategy.ranker.templates(for: options) + [strategy.ranker.budgetPrompt(for: shaped).template]
                    #expect(templates.allSatisfy(PromptLibrary.requiredTemplates.contains), "\(strategy) \(family): \(templates)")
                }
            }
        }
    }

    @Test("a call that ends in an error the client does not name is a failed call with that error's text")
    func interrupted() async {
        struct Unnamed: Error, CustomStringConvertible { var description: String { "stopped" } }
        struct Throwing: ChatCompleting {
            func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion { throw Unnamed() }
        }
        let outcome = await Throwing().call(ChatCompletionRequest(model: "m", messages: [.user("hi")]), purpose: "test", explain: true)
        #expect(outcome.completion == nil)
        #expect(outcome.error == .interrupted(message: "stopped"))
        #expect(outcome.error?.message == "stopped")
        #expect(outcome.explained == nil)
    }
}
