/// The prompt family a listwise or pointwise call uses.
public enum PromptFamily: String, Sendable, Hashable, CaseIterable, Codable {
    /// Zero-shot ranker: history in order, rank by likelihood of the next interaction.
    case sequential
    /// Zero-shot ranker, recency-focused: also names the most recent item.
    case recency
    /// Zero-shot ranker, in-context: the last history item demonstrated as the answer to the earlier history.
    case icl
    /// PALR: a user profile written from the history, then ranking with it.
    case palr
}

/// How the LLM is asked to order the candidates.
public enum RankingStrategy: String, Sendable, Hashable, CaseIterable, Codable {
    case listwise
    case pointwise
    case pairwise
    /// The model picks the best of a small labelled set; a heap sort over those picks orders the top `top_k`.
    case setwise
}

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
    /// Listwise and setwise: parse generated text, or read the first token's label log-probabilities.
    public var scoring = Configuration.Rerank().scoring
    /// Setwise: candidates shown in one comparison.
    public var setSize = Configuration.Rerank().setSize
    /// Setwise: how many of the best candidates the heap sort puts in order; the rest follow in upstream order.
    public var topK = Configuration.Rerank().topK
    /// How `fusion` blends the two sides: by ranks, or by standardised scores.
    public var fusionMode = Configuration.Rerank().fusionMode

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

/// One decoded, validated request.
public struct RerankRequest: Sendable, Hashable {
    public var id: String
    public var user: UserContext
    public var candidates: [Item]
    public var options: RerankOptions
    /// History items dropped (oldest first) to respect `serve.max_history`.
    public var droppedHistoryItems: Int
    /// The line gave `id` as an integer, so the answer echoes it as one.
    public var idIsInteger = false
    /// What the request limits cut while decoding.
    public var inputCuts = InputCuts()

    public init(id: String, user: UserContext, candidates: [Item], options: RerankOptions, droppedHistoryItems: Int = 0) {
        self.id = id
        self.user = user
        self.candidates = candidates
        self.options = options
        self.droppedHistoryItems = droppedHistoryItems
    }

    /// Candidate indices in the upstream ranker's order: by `score` descending where given, else input order.
    /// Candidates without a score follow the scored ones; ties keep input order.
    public var upstreamOrder: [Int] {
        candidates.indices.sorted { left, right in
            switch (candidates[left].score, candidates[right].score) {
            case let (l?, r?): return l != r ? l > r : left < right
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return left < right
            }
        }
    }
}
