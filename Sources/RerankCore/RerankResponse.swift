/// One candidate's place in the final ordering.
public struct RankedCandidate: Sendable, Hashable, Encodable {
    public var id: String
    /// 1 is best.
    public var rank: Int
    /// The strategy's score for this candidate, higher is better (normalised Borda points for listwise).
    public var score: Double?

    public init(id: String, rank: Int, score: Double? = nil) {
        self.id = id
        self.rank = rank
        self.score = score
    }
}

/// A prompt that was sent and what came back, for `options.explain`.
public struct ExplainedCall: Sendable, Hashable, Encodable {
    public var purpose: String
    public var messages: [ExplainedMessage]
    public var output: String?
    public var error: String?

    public struct ExplainedMessage: Sendable, Hashable, Encodable {
        public var role: String
        public var content: String
    }
}

/// What a request cost and how the model behaved.
public struct RerankDiagnostics: Sendable, Hashable, Encodable {
    public var strategy: String
    public var prompt: String
    public var llmCalls = 0
    public var failedCalls = 0
    public var promptTokens = 0
    public var completionTokens = 0
    public var cachedTokens = 0
    public var retries = 0
    public var latencyMs = 0
    /// Listwise answers that were a complete permutation as given.
    public var firstTryValid = 0
    public var repairs = RepairCounts()
    public var votes = 0
    public var historyDropped = 0
    public var explain: [ExplainedCall]?

    public init(strategy: String, prompt: String) {
        self.strategy = strategy
        self.prompt = prompt
    }

    enum CodingKeys: String, CodingKey {
        case strategy, prompt, retries, repairs, votes, explain
        case llmCalls = "llm_calls"
        case failedCalls = "failed_calls"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case cachedTokens = "cached_tokens"
        case latencyMs = "latency_ms"
        case firstTryValid = "first_try_valid"
        case historyDropped = "history_dropped"
    }
}

/// The answer to one request: every candidate exactly once, whatever the model did.
public struct RerankResponse: Sendable, Hashable, Encodable {
    public var id: String
    public var ranking: [RankedCandidate]
    /// True when the LLM could not be used and the ranking is the upstream order.
    public var degraded: Bool
    public var degradedReason: String?
    public var diagnostics: RerankDiagnostics

    public init(id: String, ranking: [RankedCandidate], degraded: Bool, degradedReason: String? = nil, diagnostics: RerankDiagnostics) {
        self.id = id
        self.ranking = ranking
        self.degraded = degraded
        self.degradedReason = degradedReason
        self.diagnostics = diagnostics
    }

    enum CodingKeys: String, CodingKey {
        case id, ranking, degraded, diagnostics
        case degradedReason = "degraded_reason"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(ranking, forKey: .ranking)
        try container.encode(degraded, forKey: .degraded)
        try container.encodeIfPresent(degradedReason, forKey: .degradedReason)
        try container.encode(diagnostics, forKey: .diagnostics)
    }
}

/// The answer to a line that could not be ranked.
public struct ErrorResponse: Sendable, Hashable, Encodable {
    public var id: String?
    public var error: Body

    public struct Body: Sendable, Hashable, Encodable {
        public var code: String
        public var message: String
    }

    public init(_ error: RequestError) {
        self.id = error.id
        self.error = Body(code: error.code.rawValue, message: error.message)
    }

    enum CodingKeys: String, CodingKey { case id, error }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)  // null when unreadable, so every answer has the key
        try container.encode(error, forKey: .error)
    }
}
