/// How reasons are written and what makes one acceptable.
public struct ReasonConfiguration: Sendable {
    /// The longest acceptable reason, in characters.
    public var maxCharacters: Int
    /// The shortest acceptable reason, in characters; shorter ones say nothing.
    public var minCharacters: Int
    /// 0.6 by default: at 0.2 a small model writes every reason of a batch in the same words.
    public var temperature: Double
    /// Ask for a JSON-schema-constrained object keyed by the requested ids (llama.cpp, vLLM, OpenAI).
    public var structuredOutput: Bool
    /// The prompt template's name in the prompts folder.
    public var template: String
    /// The completeness, echo, repetition and length-in-words rules every reason must pass.
    public var textRules: TextRules
    /// A reason must name a history item or an attribute (`ungrounded` otherwise).
    public var requireGrounding: Bool
    /// Calls at most, the first included; each later one asks only for what is still missing, naming the failures.
    public var maxRounds: Int
    /// Sentences asked for each item in one call (1 to 4); the first that passes every rule is kept. More than
    /// one gives the rules something to choose from: a sentence of the default model fails a rule about half the
    /// time, so several in one call get an item its reason more often than a second call does (50 MovieLens lists,
    /// 2 calls at most: 68 of 100 reasons accepted with 1 sentence, 81 with 2, 87 with 3, 96 with 4).
    public var candidates: Int
    /// Grades every reason that passes the rules; below its threshold it is rejected (`judge`). nil: no judge.
    public var judge: TextJudge?

    public init(
        maxCharacters: Int = 200, minCharacters: Int = 12, temperature: Double = 0.6, structuredOutput: Bool = true,
        template: String = "reasons",
        textRules: TextRules = TextRules(), requireGrounding: Bool = true, maxRounds: Int = 3, candidates: Int = 4,
        judge: TextJudge? = nil
    ) {
        self.maxCharacters = maxCharacters
        self.minCharacters = minCharacters
        self.temperature = temperature
        self.structuredOutput = structuredOutput
        self.template = template
        self.textRules = textRules
        self.requireGrounding = requireGrounding
        self.maxRounds = maxRounds
        self.candidates = min(ReasonValidator.maxSentencesRead, max(1, candidates))
        self.judge = judge
    }
}
