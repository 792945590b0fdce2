import JSONLines

/// A `POST /chat/completions` body. Unset fields are left out so each server applies its own defaults.
public struct ChatCompletionRequest: Sendable, Hashable, Encodable {
    /// How the model must shape its answer.
    public enum ResponseFormat: Sendable, Hashable {
        case text
        case jsonObject
        /// A JSON schema the answer must satisfy; nested as `{"type":"json_schema","json_schema":{...}}`.
        case jsonSchema(name: String, schema: JSONValue, strict: Bool = true)

        var json: JSONValue {
            switch self {
            case .text: return ["type": "text"]
            case .jsonObject: return ["type": "json_object"]
            case .jsonSchema(let name, let schema, let strict):
                return ["type": "json_schema", "json_schema": ["name": .string(name), "schema": schema, "strict": .bool(strict)]]
            }
        }
    }

    public var model: String
    public var messages: [ChatMessage]
    public var temperature: Double?
    public var topP: Double?
    public var maxTokens: Int?
    public var seed: Int?
    public var stop: [String]?
    public var responseFormat: ResponseFormat?
    public var logprobs: Bool?
    public var topLogprobs: Int?
    /// Server-specific fields merged into the body as they are (llama.cpp's `cache_prompt`, vLLM's extras).
    public var extraBody: [String: JSONValue]

    public init(
        model: String,
        messages: [ChatMessage],
        temperature: Double? = nil,
        topP: Double? = nil,
        maxTokens: Int? = nil,
        seed: Int? = nil,
        stop: [String]? = nil,
        responseFormat: ResponseFormat? = nil,
        logprobs: Bool? = nil,
        topLogprobs: Int? = nil,
        extraBody: [String: JSONValue] = [:]
    ) {
        self.model = model
        self.messages = messages
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.seed = seed
        self.stop = stop
        self.responseFormat = responseFormat
        self.logprobs = logprobs
        self.topLogprobs = topLogprobs
        self.extraBody = extraBody
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        // Pass-through fields first, so a typed field of the same name wins.
        for (name, value) in extraBody {
            try container.encode(value, forKey: Key(name))
        }
        try container.encode(model, forKey: Key("model"))
        try container.encode(messages, forKey: Key("messages"))
        try container.encodeIfPresent(temperature, forKey: Key("temperature"))
        try container.encodeIfPresent(topP, forKey: Key("top_p"))
        try container.encodeIfPresent(maxTokens, forKey: Key("max_tokens"))
        try container.encodeIfPresent(seed, forKey: Key("seed"))
        try container.encodeIfPresent(stop, forKey: Key("stop"))
        try container.encodeIfPresent(responseFormat?.json, forKey: Key("response_format"))
        try container.encodeIfPresent(logprobs, forKey: Key("logprobs"))
        try container.encodeIfPresent(topLogprobs, forKey: Key("top_logprobs"))
    }
}

extension ChatCompletionRequest {
    /// The request with its token limit sent in `field` instead of `max_tokens` (OpenAI's reasoning models
    /// answer 400 to `max_tokens` and want `max_completion_tokens`).
    public func limitingTokens(in field: String) -> ChatCompletionRequest {
        guard field != "max_tokens", let limit = maxTokens else { return self }
        var copy = self
        copy.maxTokens = nil
        copy.extraBody[field] = .number(Double(limit))
        return copy
    }
}

extension ChatCompletionRequest {
    /// The request with the endpoint's configured extra fields added under its own: a field already in the
    /// request's `extraBody` is kept, and the typed fields (model, messages, sampling, logprobs) are written
    /// over any pass-through field of the same name when the body is encoded.
    public func merging(endpointExtraBody: [String: JSONValue]) -> ChatCompletionRequest {
        guard !endpointExtraBody.isEmpty else { return self }
        var copy = self
        copy.extraBody = endpointExtraBody.merging(extraBody) { _, own in own }
        return copy
    }
}
