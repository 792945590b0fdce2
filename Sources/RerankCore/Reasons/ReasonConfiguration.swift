/// How reasons are written and what makes one acceptable.
public struct ReasonConfiguration: Sendable, Hashable {
    /// The longest acceptable reason, in characters.
    public var maxCharacters: Int
    /// The shortest acceptable reason, in characters; shorter ones say nothing.
    public var minCharacters: Int
    public var temperature: Double
    /// Ask for a JSON-schema-constrained object keyed by the requested ids (llama.cpp, vLLM, OpenAI).
    public var structuredOutput: Bool
    /// The prompt template's name in the prompts folder.
    public var template: String

    public init(maxCharacters: Int = 200, minCharacters: Int = 12, temperature: Double = 0.2, structuredOutput: Bool = true, template: String = "reasons") {
        self.maxCharacters = maxCharacters
        self.minCharacters = minCharacters
        self.temperature = temperature
        self.structuredOutput = structuredOutput
        self.template = template
    }
}
