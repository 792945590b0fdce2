import Foundation
import LLMClient
import RerankRuntime
import Testing

@testable import RerankCore

/// A chat endpoint that answers from a script and records what it was asked.
final class ScriptedChat: ChatCompleting, @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [String]
    private(set) var requests: [ChatCompletionRequest] = []
    let delay: Double

    init(_ answers: [String], delay: Double = 0) {
        self.answers = answers
        self.delay = delay
    }

    var callCount: Int { lock.withLock { requests.count } }

    func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        let answer: String? = lock.withLock {
            requests.append(request)
            return answers.isEmpty ? nil : answers.removeFirst()
        }
        if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
        guard let answer else { throw LLMClientError(kind: .serverError, message: "no scripted answer left") }
        let body = try JSONSerialization.data(withJSONObject: [
            "choices": [["message": ["role": "assistant", "content": answer]]],
            "usage": ["prompt_tokens": 10, "completion_tokens": 5],
        ])
        return ChatCompletion(response: try JSONDecoder().decode(ChatCompletionResponse.self, from: body), latencySeconds: 0, retries: 0)
    }
}

enum PackagePaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var prompts: String { root.appendingPathComponent("Prompts").path }
}

@Suite("Writing creatives with a scripted model")
struct CreativeWriterTests {
    private func creativesJSON(_ pairs: [(String, String)]) -> String {
        let list = pairs.map { #"{"headline":"\#($0.0)","description":"\#($0.1)"}"# }.joined(separator: ",")
        return #"{"creatives":[\#(list)]}"#
    }

    @Test("the next round asks the next angles, only passing creatives are chosen, and every failure is reported")
    func rounds() async throws {
        let first = creativesJSON([
            ("Nordpeak trail shoes", "Waterproof grip for muddy runs."),
            ("AMAZING SHOES", "Nordpeak grip!!"),
            ("Nordpeak trail shoes", "A duplicate headline."),
        ])
        let second = creativesJSON([("Run wet trails with Nordpeak", "A waterproof shoe, 280 g, built for mud.")])
        let chat = ScriptedChat([first, second])
        let prompt = try CreativePrompt(promptsDirectory: PackagePaths.prompts)
        let writer = CreativeWriter(client: chat, prompt: prompt, model: "m")
        let ad = AdRequest(
            id: "ad", product: .init(title: "Trailrunner 2", description: "Waterproof trail shoe", brand: "Nordpeak"),
            constraints: CreativeConstraints(count: 2, candidates: 3, requiredTerms: ["Nordpeak"], maxRounds: 3))
        let result = try await writer.write(ad).get()
        #expect(chat.callCount == 2)
        #expect(result.creatives.count == 2)
        let checker = CreativeChecker(constraints: ad.constraints)
        for chosen in result.creatives {
            #expect(checker.violations(of: chosen.creative).filter { $0.rule != .duplicate }.isEmpty)
        }
        #expect(result.rejected.map(\.rule) == [.repeatedPunctuation, .duplicate])
        let secondPrompt = chat.requests[1].messages.map(\.content).joined(separator: "\n")
        // The next round goes on through the angles and quotes no refused text, which the model would copy back.
        #expect(!secondPrompt.contains("AMAZING SHOES"))
        #expect(secondPrompt.contains("one from each angle: audience (who it is for), feeling (how it feels to use), detail ("))
        #expect(result.usage.llmCalls == 2 && result.usage.promptTokens == 20)
        let line = result.outputJSON.serialized
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(Set(decoded.keys) == ["id", "creatives", "rejected", "totals"])
    }

    @Test("rounds stop at the bound and a set that never fills is returned short, not padded with failures")
    func bounded() async throws {
        let bad = creativesJSON([("BUY NOW!!", "x")])
        let chat = ScriptedChat([bad, bad, bad, bad])
        let writer = CreativeWriter(client: chat, prompt: try CreativePrompt(promptsDirectory: PackagePaths.prompts), model: "m")
        let ad = AdRequest(id: "a", product: .init(title: "Lamp"), constraints: CreativeConstraints(count: 2, maxRounds: 2))
        let result = try await writer.write(ad).get()
        #expect(chat.callCount == 2)
        #expect(result.creatives.isEmpty)
        #expect(result.rejected.count == 2)
    }

    @Test("an answer with thousands of creatives that pass every rule is read only up to the cap, and the rest are counted as dropped")
    func readLimit() async throws {
        let many = (1000..<4000).map { ("Warm reading light \($0)", "Soft glow for late pages, model \($0).") }
        let chat = ScriptedChat([creativesJSON(many)])
        let writer = CreativeWriter(client: chat, prompt: try CreativePrompt(promptsDirectory: PackagePaths.prompts), model: "m")
        let ad = AdRequest(id: "a", product: .init(title: "Desk lamp"), constraints: CreativeConstraints(count: 5, candidates: 8))
        let result = try await writer.write(ad).get()
        let limit = CreativeWriter.readLimit(asked: 8)
        #expect(limit == 16)
        #expect(chat.callCount == 1)
        #expect(result.written == limit)
        #expect(result.rejected.isEmpty, "the creatives read all pass: \(result.rejected.first?.violations ?? [])")
        #expect(result.dropped == many.count - limit)
        #expect(result.creatives.count == 5)
        #expect(result.outputJSON.serialized.contains(#""dropped":\#(many.count - limit)"#))
        #expect(CreativeWriter.readLimit(asked: 1000) == CreativeWriter.maxReadPerAnswer)
    }

    @Test("an endpoint that always fails yields a failure, not an empty success")
    func endpointDown() async throws {
        let writer = CreativeWriter(
            client: ScriptedChat([]), prompt: try CreativePrompt(promptsDirectory: PackagePaths.prompts), model: "m")
        let outcome = await writer.write(AdRequest(id: "a", product: .init(title: "Lamp"), constraints: CreativeConstraints(maxRounds: 2)))
        guard case .failure(let failure) = outcome else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.usage.failedCalls == 2)
    }

    @Test("answers wrapped in prose or given as a bare list are still read")
    func parsing() {
        #expect(
            CreativeWriter.parse(#"Sure! [{"headline":"A","description":"B"}] hope it helps"#) == [
                Creative(headline: "A", description: "B")
            ])
        #expect(
            CreativeWriter.parse(#"{"creatives":[{"headline":"A"},{"headline":"C","description":"D"}]}"#) == [
                Creative(headline: "C", description: "D")
            ])
        #expect(CreativeWriter.parse("no json").isEmpty)
        #expect(
            CreativeWriter.parse(
                #"{"creatives": [{"catchphrase": "Dry in any wind", "description": "A."}, {"catchphrase": 7, "description": "B."}]}"#)
                == [Creative(headline: "Dry in any wind", description: "A.")],
            "the shipped template's catchphrase is the headline; an entry with a non-string is skipped")
    }

    @Test("the schema asks one creative per angle: the angle first in the sorted body, then the headline, then one sentence")
    func catchphraseSchema() throws {
        // The body is written with sorted keys and a grammar-constrained model writes the fields in that order:
        // the angle must come first, so the creative follows from it, and the headline must sort before the
        // description, or it is written after it, at a sentence's length.
        #expect(CreativeWriter.angleField < CreativeWriter.headlineField && CreativeWriter.headlineField < "description")
        let angles = CreativeAngle.sequence(count: 6, after: 0)
        let schema = CreativeWriter.schema(angles: angles, headlineMax: 68, descriptionMax: 188)
        let text = String(decoding: try JSONEncoder().encode(schema), as: UTF8.self)
        #expect(text.contains(#""required":["angle","catchphrase","description"]"#), "\(text)")
        #expect(text.contains(#""minItems":6"#) && text.contains(#""maxItems":6"#))
        #expect(text.contains(#""maxLength":68"#))
        #expect(text.contains(#""enum":["benefit","feature","moment","audience","feeling","detail"]"#), "\(text)")
    }

    @Test("each round's angles go on where the last round's stopped, round again after the last, each named in the prompt")
    func anglesInTurn() throws {
        #expect(CreativeAngle.sequence(count: 3, after: 0) == [.benefit, .feature, .moment])
        #expect(CreativeAngle.sequence(count: 3, after: 5) == [.detail, .use, .benefit])
        #expect(CreativeAngle.sequence(count: 10, after: 0).count == 10)
        #expect(CreativeAngle.sequence(count: -1, after: -5).isEmpty)
        let prompt = try CreativePrompt(promptsDirectory: PackagePaths.prompts)
        let ad = AdRequest(id: "a", product: .init(title: "Trail shoe"), constraints: CreativeConstraints(count: 2))
        let angles = CreativeAngle.sequence(count: 2, after: 6)
        let last = try #require(try prompt.messages(for: ad, count: 2, accepted: [], failures: [], angles: angles).last)
        let asked = "one from each angle: use (how it is used), benefit (what it does for the reader)."
        #expect(last.content.contains(asked), "\(last.content)")
        let examples = try prompt.messages(for: ad, count: 2, accepted: [], failures: []).map(\.content).joined(separator: "\n")
        #expect(examples.contains(#"{"angle": "benefit", "catchphrase": "Dry in any wind""#), "\(examples)")
    }

    @Test("an ad with required terms is shown examples whose every creative names the example brand; one without, none")
    func brandedExamples() throws {
        let prompt = try CreativePrompt(promptsDirectory: PackagePaths.prompts)
        for (terms, branded) in [(["Nordpeak"], true), ([], false)] {
            let ad = AdRequest(
                id: "a", product: .init(title: "Trail shoe"), constraints: CreativeConstraints(count: 2, requiredTerms: terms))
            let context = CreativePromptContext(
                ad: ad, count: 2, accepted: [], failures: [], angles: CreativeAngle.sequence(count: 2, after: 0))
            #expect(!context.examples.isEmpty)
            #expect(context.examples.allSatisfy { ($0.headline + $0.description).contains(CreativePromptContext.exampleBrand) } == branded)
            let text = try prompt.messages(for: ad, count: 2, accepted: [], failures: []).map(\.content).joined(separator: "\n")
            #expect(text.contains(#"Brand: "Skyfold""#) == branded, "\(text)")
        }
    }

    @Test("a template naming an unknown field is refused")
    func unknownField() {
        #expect(throws: PromptTemplateError.self) { try CreativePrompt(text: "[user]\n{{product_name}}") }
    }
}
