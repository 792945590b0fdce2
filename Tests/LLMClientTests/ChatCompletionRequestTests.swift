import Foundation
import Testing

@testable import LLMClient

@Suite("Chat completion bodies")
struct ChatCompletionRequestTests {
    func json(_ request: ChatCompletionRequest) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(request)) as? [String: Any])
    }

    @Test("the JSON schema is nested as the OpenAI API nests it, pass-through fields are merged")
    func encoding() throws {
        let request = ChatCompletionRequest(
            model: "m", messages: [.user("hi")], temperature: 0, maxTokens: 10, seed: 3, stop: ["\n\n"],
            responseFormat: .jsonSchema(name: "ranking", schema: ["type": "array"]), logprobs: true, topLogprobs: 5,
            extraBody: ["cache_prompt": true, "model": "ignored"])
        let body = try json(request)
        #expect(body["model"] as? String == "m")
        #expect(body["max_tokens"] as? Int == 10)
        #expect(body["top_logprobs"] as? Int == 5)
        #expect(body["cache_prompt"] as? Bool == true)
        let format = try #require(body["response_format"] as? [String: Any])
        #expect(format["type"] as? String == "json_schema")
        let schema = try #require(format["json_schema"] as? [String: Any])
        #expect(schema["name"] as? String == "ranking")
        #expect((schema["schema"] as? [String: Any])?["type"] as? String == "array")
        #expect(body["top_p"] == nil)
    }

    @Test("usage with cached tokens and logprobs decode")
    func decoding() throws {
        let text =
            #"{"choices":[{"index":0,"message":{"role":"assistant","content":"Yes"},"finish_reason":"stop","logprobs":{"content":[{"token":"Yes","logprob":-0.1,"top_logprobs":[{"token":"Yes","logprob":-0.1},{"token":"No","logprob":-2.4}]}]}}],"usage":{"prompt_tokens":12,"completion_tokens":1,"total_tokens":13,"prompt_tokens_details":{"cached_tokens":8}}}"#
        let response = try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(text.utf8))
        #expect(response.text == "Yes")
        #expect(response.choices[0].finishReason == "stop")
        #expect(response.usage?.cachedTokens == 8)
        #expect(response.choices[0].logprobs?.content?.first?.topLogprobs?.count == 2)
    }

    @Test("the key is redacted from any text")
    func redaction() {
        let redactor = Redactor(secrets: ["sk-secret-value-123"])
        #expect(redactor.redact("bad key sk-secret-value-123 given") == "bad key [redacted] given")
    }

    @Test("the token limit goes in max_completion_tokens when told, and max_tokens is then absent from the sent body")
    func tokenField() throws {
        let request = ChatCompletionRequest(model: "m", messages: [.user("hi")], maxTokens: 16)
        let moved = try #require(
            JSONSerialization.jsonObject(with: request.limitingTokens(in: "max_completion_tokens").jsonBody()) as? [String: Any])
        #expect(moved["max_completion_tokens"] as? Int == 16)
        #expect(moved["max_tokens"] == nil)
        let kept = try #require(JSONSerialization.jsonObject(with: request.limitingTokens(in: "max_tokens").jsonBody()) as? [String: Any])
        #expect(kept["max_tokens"] as? Int == 16 && kept["max_completion_tokens"] == nil)
        #expect(EndpointConfiguration.resolvedMaxTokensField("auto", baseURL: "https://api.openai.com/v1") == "max_completion_tokens")
        #expect(EndpointConfiguration.resolvedMaxTokensField("auto", baseURL: "http://127.0.0.1:8012/v1") == "max_tokens")
        #expect(
            EndpointConfiguration.resolvedMaxTokensField("max_completion_tokens", baseURL: "http://vllm:8000/v1") == "max_completion_tokens"
        )
    }
}
