import JSONLines

/// What a request cost and how the model behaved. The shared counters are read and written through it as
/// if they were its own (`diagnostics.llmCalls`).
@dynamicMemberLookup
public struct RerankDiagnostics: Sendable, Hashable, OutputJSONConvertible {
    public var strategy: String
    public var prompt: String
    /// Calls, tokens, retries and how the answers read.
    public var counters = RankingCounters()
    public var latencyMs = 0
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

    /// One of the shared counters, by name.
    public subscript<Value>(dynamicMember counter: WritableKeyPath<RankingCounters, Value>) -> Value {
        get { counters[keyPath: counter] }
        set { counters[keyPath: counter] = newValue }
    }
}

extension RerankDiagnostics {
    public var outputJSON: OutputJSON {
        var members: [(String, OutputJSON)] = [
            ("strategy", .string(strategy)),
            ("prompt", .string(prompt)),
            ("llm_calls", .int(counters.llmCalls)),
            ("failed_calls", .int(counters.failedCalls)),
            ("prompt_tokens", .int(counters.promptTokens)),
            ("completion_tokens", .int(counters.completionTokens)),
            ("cached_tokens", .int(counters.cachedTokens)),
            ("prefill_tokens", .int(counters.prefillTokens)),
            ("retries", .int(counters.retries)),
            ("latency_ms", .int(latencyMs)),
            ("votes", .int(counters.votes)),
            ("vote_agreement", voteAgreement.map { .double(Rounding.fourPlaces($0)) } ?? .null),
            ("position_echo", positionEcho.map { .double(Rounding.fourPlaces($0)) } ?? .null),
            ("first_try_valid", .int(counters.firstTryValid)),
            ("reasked", .int(counters.reasked)),
            ("repaired", .int(counters.repaired)),
            ("repairs", counters.repairs.outputJSON),
            ("window_passes", .int(windowPasses)),
            ("fusion", .double(fusion)),
            ("history_dropped", .int(historyDropped)),
            (
                "input_cuts",
                .object([
                    ("titles", .int(inputCuts.titles)), ("attribute_values", .int(inputCuts.attributeValues)),
                    ("attributes_dropped", .int(inputCuts.attributesDropped)), ("texts", .int(inputCuts.texts)),
                ])
            ),
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
