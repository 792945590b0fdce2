import Foundation
import JSONLines
import Testing

@testable import LLMClient

/// The hand-written body must be the exact bytes `JSONEncoder` produced, or every cached response goes stale.
@Suite("Request bodies written by hand")
struct JSONBodyTests {
    func encoderBytes(_ request: ChatCompletionRequest) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(request)
    }

    @Test("every field, escapes, unicode, key collisions and numbers match JSONEncoder byte for byte")
    func everyField() throws {
        let awkward = "tab\t nl\n cr\r bs\u{08} ff\u{0C} nul\u{00} us\u{1F} del\u{7F} quote\" back\\ slash/ é 漢字 😀 \u{2028}\u{2029} \u{85}"
        let schema: JSONValue = [
            "type": "object", "additionalProperties": false, "minItems": 3, "maxItems": 1e15, "big": 1e16,
            "fraction": 0.25, "tiny": 1e-7, "negative": -2.5, "negativeZero": -0.0, "wide": 123456789.0,
            "properties": ["ranking": ["type": "array", "items": ["type": "integer", "minimum": 1]]],
            "required": ["ranking"], "Upper": "Z", "_under": nil as JSONValue? ?? .null, "a_b": true, "aB": false,
        ]
        let request = ChatCompletionRequest(
            model: "smol/ model", messages: [.system(awkward), .user("Rank [1] > [2]"), .assistant("")],
            temperature: 0.7, topP: 1, maxTokens: 120, seed: -3, stop: ["\n\n", "]"],
            responseFormat: .jsonSchema(name: "ranking", schema: schema), logprobs: true, topLogprobs: 5,
            extraBody: ["cache_prompt": true, "model": "overridden", "n_probs": 3, "samplers": ["top_k", "temp"], "id_slot": -1])
        let written = try request.jsonBody()
        #expect(written == (try encoderBytes(request)), "\(String(decoding: written, as: UTF8.self))")
    }

    @Test("the usual ranking call and bare requests match JSONEncoder")
    func plainRequests() throws {
        let requests = [
            ChatCompletionRequest(model: "m", messages: []),
            ChatCompletionRequest(model: "m", messages: [.user("hi")], temperature: 0, maxTokens: 100, extraBody: ["cache_prompt": true]),
            ChatCompletionRequest(model: "m", messages: [.user("x")], temperature: 1e-300, topP: 0.95, responseFormat: .jsonObject),
            ChatCompletionRequest(model: "m", messages: [.user("x")], responseFormat: .text, logprobs: false),
        ]
        for request in requests {
            #expect(try request.jsonBody() == encoderBytes(request))
        }
    }

    @Test("random strings and numbers match JSONEncoder", arguments: 0..<4)
    func randomised(seed: UInt64) throws {
        var generator = SeededNumbers(state: seed &+ 0x9E37_79B9)
        let alphabet = Array("aZ09 _-/\\\"\t\n\r\u{00}\u{01}\u{1B}\u{7F}é漢😀\u{2028}{}[]:,".unicodeScalars)
        func text() -> String {
            String(
                String.UnicodeScalarView(
                    (0..<Int(generator.next() % 24)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }))
        }
        for _ in 0..<50 {
            let number = Double(Int64(bitPattern: generator.next()) % 2_000_000) / Double(1 + generator.next() % 1000)
            var extra: [String: JSONValue] = [:]
            for _ in 0..<Int(generator.next() % 5) { extra[text()] = .object([text(): .number(number), "n": .number(number * 1e12)]) }
            let request = ChatCompletionRequest(
                model: text(), messages: [.system(text()), .user(text())], temperature: number, maxTokens: Int(generator.next() % 500),
                extraBody: extra)
            #expect(try request.jsonBody() == encoderBytes(request))
        }
    }
}

/// A linear congruential generator, so a failure reproduces from its seed.
struct SeededNumbers: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 11
    }
}
