import Foundation
import RerankRuntime
import Testing

@testable import RerankCore

@Suite("Item texts and counted cuts")
struct ItemTextTests {
    static let long = String(repeating: "a gripping heist film ", count: 30)

    func decode(_ line: String, limits: RequestLimits = RequestLimits()) throws -> RerankRequest {
        try RequestDecoder(limits: limits).decode(line: Data(line.utf8)).get()
    }

    @Test("an item's text reaches the prompt after its attributes, cut to the budget, and the cut is counted")
    func textInPrompt() throws {
        var limits = RequestLimits()
        limits.maxTextCharacters = 40
        let request = try decode(
            #"{"id":"t","candidates":[{"id":"a","title":"Heat","attributes":{"year":"1995"},"text":"\#(Self.long)"},{"id":"b","title":"Fargo","text":"Snow."}]}"#,
            limits: limits)
        let first = try #require(request.candidates.first?.text)
        #expect(first.count == 40 && first.hasSuffix("…"))
        #expect(PromptContext.text(of: request.candidates[0]) == #""Heat" (year: 1995) — "\#(first)""#)
        #expect(PromptContext.text(of: request.candidates[1]) == #""Fargo" — "Snow.""#)
        #expect(request.inputCuts.texts == 1 && request.inputCuts.titles == 0)
        limits.maxTextCharacters = 0
        #expect(try decode(#"{"id":"t","candidates":[{"id":"a","title":"Heat","text":"x"}]}"#, limits: limits).candidates[0].text == nil)
        #expect(throws: Never.self) { try decode(#"{"id":"t","candidates":[{"id":"a","title":"Heat","text":null}]}"#) }
        let wrong = RequestDecoder().decode(line: Data(#"{"id":"t","candidates":[{"id":"a","title":"Heat","text":5}]}"#.utf8))
        guard case .failure(let error) = wrong else { Issue.record("a numeric text was accepted"); return }
        #expect(error.message.contains("candidates[0].text"))
    }

    @Test("the title, attribute-count and attribute-length caps come from configuration and every cut is counted")
    func configuredCaps() throws {
        let environment = [
            "RERANK_AGENT_SERVE_MAX_ATTRIBUTES": "2", "RERANK_AGENT_SERVE_MAX_ATTRIBUTE_CHARS": "5",
            "RERANK_AGENT_SERVE_MAX_TITLE_CHARS": "6",
        ]
        let limits = try ConfigurationLoader(environment: environment).load(file: nil).requestLimits
        #expect(limits.maxAttributes == 2 && limits.maxAttributeCharacters == 5 && limits.maxTitleCharacters == 6)
        let line =
            #"{"id":"c","user":{"history":[{"title":"A very long title"}]},"candidates":[{"id":"a","title":"Short","attributes":{"a":"1","b":"longer value","c":"3"}}]}"#
        let request = try decode(line, limits: limits)
        #expect(request.candidates[0].attributes.map(\.name) == ["a", "b"])
        #expect(request.candidates[0].attributes[1].value == "long…")
        #expect(request.user.history[0].title == "A ver…")
        #expect(
            request.inputCuts
                == {
                    var cuts = InputCuts(); cuts.titles = 1; cuts.attributeValues = 1; cuts.attributesDropped = 1; return cuts
                }())
        var diagnostics = RerankDiagnostics(strategy: "listwise", prompt: "sequential")
        diagnostics.inputCuts = request.inputCuts
        #expect(
            diagnostics.outputJSON.serialized.contains(#""input_cuts":{"titles":1,"attribute_values":1,"attributes_dropped":1,"texts":0}"#))
        #expect(try decode(#"{"id":"c","candidates":[{"id":"a","title":"Fine"}]}"#).inputCuts == InputCuts())
    }
}
