/// Per-request options; anything left out comes from the configuration. The defaults are the `rerank`
/// section's (`Configuration.Rerank`), so the key table's defaults hold here too.
public struct RerankOptions: Sendable, Hashable {
    public var prompt: PromptFamily
    public var strategy: RankingStrategy
    /// Listwise calls on independent shuffles, aggregated by `aggregation`.
    public var votes: Int
    public var aggregation: VoteAggregation
    public var seed: UInt64
    public var structuredOutput: Bool
    public var temperature: Double
    /// Weight of the upstream ranking in the final order: 0 is the LLM alone, 1 the upstream order.
    public var fusion: Double
    /// Re-ask once, naming what was wrong, when a listwise answer is not a complete permutation.
    public var reask: Bool
    /// Listwise window and step when there are more candidates than the window holds.
    public var window: Int
    public var step: Int
    /// The most tokens a listwise answer may use; 0 sizes it to what a valid answer needs.
    public var maxAnswerTokens = Configuration.Rerank().maxAnswerTokens
    /// With several votes, send the first alone so the others find its prompt prefix in the server's cache.
    public var warmVotes = Configuration.Rerank().warmVotes
    /// The most votes of one window in flight at once after the warm one (0: all of them; unused without it). One at a time keeps
    /// each on the server slot that holds the cached prefix, which llama.cpp does not share between slots.
    public var voteConcurrency = Configuration.Rerank().voteConcurrency
    /// How many of the top items get a recommendation reason (0: none).
    public var reasons: Int
    /// MMR trade-off λ for the final order (nil: no diversification).
    public var diversify: Double?
    /// The noun for the items in prompts: "movies", "products".
    public var domain: String
    /// Return the rendered prompts and raw model outputs in the response.
    public var explain: Bool
    /// Milliseconds from the start of ranking after which the answer goes out with what is done, marked
    /// `partial` (nil: no deadline). A caller's latency budget, so it is per request and not a configuration key.
    public var deadlineMilliseconds: Int?
    /// Listwise and setwise: parse generated text, or read the first token's label log-probabilities.
    public var scoring = Configuration.Rerank().scoring
    /// Setwise: candidates shown in one comparison.
    public var setSize = Configuration.Rerank().setSize
    /// Setwise: how many of the best candidates the heap sort puts in order; the rest follow in upstream order.
    public var topK = Configuration.Rerank().topK
    /// How `fusion` blends the two sides: by ranks, or by standardised scores.
    public var fusionMode = Configuration.Rerank().fusionMode
    /// Listwise logits and setwise: whether readings have the model's label preference, measured on content-free
    /// candidates, divided out.
    public var calibration = Configuration.Rerank().calibration
    /// Pointwise: ask yes/no or a 0–4 grade of each candidate.
    public var pointwiseScale = Configuration.Rerank().pointwiseScale
    /// Pointwise: the calls of one list in flight at once after the first, which runs alone to leave the shared
    /// history in the server's cache (0: all of them at once, no warm call). See `WarmStart`.
    public var pointwiseConcurrency = Configuration.Rerank().pointwiseConcurrency

    public init(
        prompt: PromptFamily = Configuration.Rerank().prompt,
        strategy: RankingStrategy = Configuration.Rerank().strategy,
        votes: Int = Configuration.Rerank().votes,
        aggregation: VoteAggregation = Configuration.Rerank().aggregation,
        seed: UInt64 = Configuration.Rerank().seed,
        structuredOutput: Bool = Configuration.Rerank().structuredOutput,
        temperature: Double = Configuration.Rerank().temperature,
        fusion: Double = Configuration.Rerank().fusion,
        reask: Bool = Configuration.Rerank().reask,
        window: Int = Configuration.Rerank().window,
        step: Int = Configuration.Rerank().step,
        reasons: Int = 0,
        diversify: Double? = nil,
        domain: String = Configuration.Rerank().domain,
        explain: Bool = false
    ) {
        self.prompt = prompt
        self.strategy = strategy
        self.votes = votes
        self.aggregation = aggregation
        self.seed = seed
        self.structuredOutput = structuredOutput
        self.temperature = temperature
        self.fusion = fusion
        self.reask = reask
        self.window = window
        self.step = step
        self.reasons = reasons
        self.diversify = diversify
        self.domain = domain
        self.explain = explain
    }
}
