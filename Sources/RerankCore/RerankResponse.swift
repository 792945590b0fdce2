/// One candidate's place in the final ordering.
public struct RankedCandidate: Sendable, Hashable, OutputJSONConvertible {
    public var id: String
    /// 1 is best.
    public var rank: Int
    /// The strategy's score for this candidate, higher is better (normalised Borda points for listwise).
    public var score: Double?
    /// What the score rests on, where cheap: vote points, P(yes), pairwise wins.
    public var evidence: [(String, Double)]

    public init(id: String, rank: Int, score: Double? = nil, evidence: [(String, Double)] = []) {
        self.id = id
        self.rank = rank
        self.score = score
        self.evidence = evidence
    }

    public static func == (left: RankedCandidate, right: RankedCandidate) -> Bool {
        left.id == right.id && left.rank == right.rank && left.score == right.score
            && left.evidence.map(\.0) == right.evidence.map(\.0) && left.evidence.map(\.1) == right.evidence.map(\.1)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(rank)
    }
}

/// A prompt that was sent and what came back, for `options.explain`.
public struct ExplainedCall: Sendable, Hashable, OutputJSONConvertible {
    public var purpose: String
    public var messages: [ExplainedMessage]
    public var output: String?
    public var error: String?

    public struct ExplainedMessage: Sendable, Hashable {
        public var role: String
        public var content: String
    }
}

/// What a request cost and how the model behaved.
public struct RerankDiagnostics: Sendable, Hashable, OutputJSONConvertible {
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
    /// Listwise answers re-asked with a corrective message.
    public var reasked = 0
    /// Listwise answers that still needed algorithmic repair.
    public var repaired = 0
    public var windowPasses = 0
    /// Mean Kendall τ between the votes' orderings (nil with one vote).
    public var voteAgreement: Double?
    /// Mean Kendall τ between the order the model was shown and the order it answered: 1 is a pure echo.
    public var positionEcho: Double?
    public var fusion = 0.0
    /// The PALR profile used, and whether it came from an earlier request with the same history.
    public var profile: String?
    public var profileReused = false
    public var historyDropped = 0
    /// What the request limits cut from the request's items.
    public var inputCuts = InputCuts()
    public var explain: [ExplainedCall]?
    /// How listwise calls were read; reported when it is not the default, generation.
    public var scoring = ScoringMode.generate
    public var fusionMode = FusionMode.rank
    /// What first-token readings said (logits scoring, setwise, pairwise); reported when any were made.
    public var logits = LogitsCounts()

    public init(strategy: String, prompt: String) {
        self.strategy = strategy
        self.prompt = prompt
    }

}

/// The answer to one request: every candidate exactly once, whatever the model did.
public struct RerankResponse: Sendable, OutputJSONConvertible {
    public var id: String
    public var ranking: [RankedCandidate]
    /// True when the LLM could not be used and the ranking is the upstream order.
    public var degraded: Bool
    public var degradedReason: String?
    public var diagnostics: RerankDiagnostics
    /// Recommendation reasons for the top items, when `options.reasons` asked for them.
    public var reasons: ReasonsResult?
    /// Echo `id` as a JSON integer, as the request gave it.
    public var idIsInteger = false

    public init(id: String, ranking: [RankedCandidate], degraded: Bool, degradedReason: String? = nil, diagnostics: RerankDiagnostics) {
        self.id = id
        self.ranking = ranking
        self.degraded = degraded
        self.degradedReason = degradedReason
        self.diagnostics = diagnostics
    }


}

/// The answer to a line that could not be ranked.
public struct ErrorResponse: Sendable, Hashable, OutputJSONConvertible {
    public var id: String?
    public var error: Body

    public struct Body: Sendable, Hashable {
        public var code: String
        public var message: String
    }

    public init(_ error: RequestError) {
        self.id = error.id
        self.error = Body(code: error.code.rawValue, message: error.message)
    }

}

extension RankedCandidate {
    public var outputJSON: OutputJSON {
        var members: [(String, OutputJSON)] = [("id", .string(id)), ("rank", .int(rank))]
        if let score { members.append(("score", .double(score))) }
        for (name, value) in evidence { members.append((name, .double(value))) }
        return .object(members)
    }
}

extension ExplainedCall {
    public var outputJSON: OutputJSON {
        .object([
            ("purpose", .string(purpose)),
            ("messages", .array(messages.map { .object([("role", .string($0.role)), ("content", .string($0.content))]) })),
            ("output", output.outputJSON),
            ("error", error.outputJSON),
        ])
    }
}

extension RepairCounts: OutputJSONConvertible {
    public var outputJSON: OutputJSON {
        .object([("missing", .int(missing)), ("duplicate", .int(duplicate)), ("unknown", .int(unknown))])
    }
}

extension RerankDiagnostics {
    public var outputJSON: OutputJSON {
        var members: [(String, OutputJSON)] = [
            ("strategy", .string(strategy)),
            ("prompt", .string(prompt)),
            ("llm_calls", .int(llmCalls)),
            ("failed_calls", .int(failedCalls)),
            ("prompt_tokens", .int(promptTokens)),
            ("completion_tokens", .int(completionTokens)),
            ("cached_tokens", .int(cachedTokens)),
            ("retries", .int(retries)),
            ("latency_ms", .int(latencyMs)),
            ("votes", .int(votes)),
            ("vote_agreement", voteAgreement.map { .double(Rounding.fourPlaces($0)) } ?? .null),
            ("position_echo", positionEcho.map { .double(Rounding.fourPlaces($0)) } ?? .null),
            ("first_try_valid", .int(firstTryValid)),
            ("reasked", .int(reasked)),
            ("repaired", .int(repaired)),
            ("repairs", repairs.outputJSON),
            ("window_passes", .int(windowPasses)),
            ("fusion", .double(fusion)),
            ("history_dropped", .int(historyDropped)),
            ("input_cuts", .object([
                ("titles", .int(inputCuts.titles)), ("attribute_values", .int(inputCuts.attributeValues)),
                ("attributes_dropped", .int(inputCuts.attributesDropped)), ("texts", .int(inputCuts.texts)),
            ])),
        ]
        if scoring != .generate { members.append(("scoring", .string(scoring.rawValue))) }
        if fusionMode != .rank { members.append(("fusion_mode", .string(fusionMode.rawValue))) }
        if !logits.isEmpty { members.append(("logits", logits.outputJSON)) }
        if let profile {
            members.append(("profile", .string(profile)))
            members.append(("profile_reused", .bool(profileReused)))
        }
        if let explain { members.append(("explain", .array(explain.map(\.outputJSON)))) }
        return .object(members)
    }
}

extension RerankResponse {
    public var outputJSON: OutputJSON {
        let echoedID: OutputJSON = idIsInteger ? Int(id).map(OutputJSON.int) ?? .string(id) : .string(id)
        var members: [(String, OutputJSON)] = [
            ("id", echoedID),
            ("ranking", .array(ranking.map(\.outputJSON))),
            ("degraded", .bool(degraded)),
        ]
        if let degradedReason { members.append(("degraded_reason", .string(degradedReason))) }
        if let reasons { members += reasons.outputMembers }
        members.append(("diagnostics", diagnostics.outputJSON))
        return .object(members)
    }
}

extension ErrorResponse {
    public var outputJSON: OutputJSON {
        .object([
            ("id", id.outputJSON),
            ("error", .object([("code", .string(error.code)), ("message", .string(error.message))])),
        ])
    }
}
