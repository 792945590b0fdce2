import JSONLines

/// The creatives for one ad: those chosen, each with its scores, and every one rejected with the rule it broke.
public struct CreativeResult: Sendable, Hashable, OutputJSONConvertible {
    /// A chosen creative and its scores.
    public struct Chosen: Sendable, Hashable {
        public var creative: Creative
        public var productRelevance: Double
        /// nil when the ad names no audience.
        public var audienceRelevance: Double?
        /// The blend the reward reads: 0.7 product + 0.3 audience, or product alone.
        public var relevance: Double
        /// 1 − the highest similarity to a creative chosen before it (1 for the first).
        public var novelty: Double
        /// The reward (`RewardScorer`) of the set chosen up to and with it, the value it was picked with.
        public var reward: Double
        /// The judge's grade 0–3 with `--judge`; nil without.
        public var judgeGrade: Int? = nil
    }

    /// A creative that failed a hard check.
    public struct Rejected: Sendable, Hashable {
        public var creative: Creative
        public var violations: [CreativeViolation]
        public var round: Int

        /// The first rule broken, as reported.
        public var rule: CreativeRule { violations.map(\.rule).min() ?? .empty }
    }

    public var id: String
    public var creatives: [Chosen]
    public var rejected: [Rejected]
    public var usage: TokenUsage
    /// Creatives the model wrote in all rounds, passing or not: what the rules' pass rates are out of.
    public var written = 0
    /// Rounds made, the first included.
    public var rounds = 0
    /// Creatives the model wrote past what is read of one answer (`CreativeWriter.readLimit`), in all rounds:
    /// never checked, chosen or counted in `written`. Reported only when some were.
    public var dropped = 0
    /// Wall time of the ad's rounds, calls and choice, in milliseconds: what one ad costs beside its calls.
    public var latencyMs = 0

    public init(id: String, creatives: [Chosen], rejected: [Rejected], usage: TokenUsage) {
        self.id = id
        self.creatives = creatives
        self.rejected = rejected
        self.usage = usage
    }

    /// Rejections per rule, as the batch summary counts them (`rejected.<rule>`).
    public var rejectionCounts: [String: Int] {
        rejected.reduce(into: [:]) { $0["rejected.\($1.rule.rawValue)", default: 0] += 1 }
    }

    /// `totals`: calls, tokens, creatives written, rounds and wall time, and `dropped` when an answer held more than
    /// was read.
    var totals: [(String, OutputJSON)] {
        var members: [(String, OutputJSON)] = [
            ("llm_calls", .int(usage.llmCalls)), ("prompt_tokens", .int(usage.promptTokens)),
            ("completion_tokens", .int(usage.completionTokens)),
            ("written", .int(written)), ("rounds", .int(rounds)), ("latency_ms", .int(latencyMs)),
        ]
        if dropped > 0 { members.append(("dropped", .int(dropped))) }
        return members
    }

    public var outputJSON: OutputJSON {
        .object([
            ("id", .string(id)),
            (
                "creatives",
                .array(
                    creatives.map { chosen in
                        var scores: [(String, OutputJSON)] = [
                            ("relevance", .double(Rounding.score(chosen.relevance))),
                            ("product_relevance", .double(Rounding.score(chosen.productRelevance))),
                        ]
                        if let audience = chosen.audienceRelevance {
                            scores.append(("audience_relevance", .double(Rounding.score(audience))))
                        }
                        scores += [
                            ("novelty", .double(Rounding.score(chosen.novelty))), ("reward", .double(Rounding.score(chosen.reward))),
                            ("passes", .bool(true)),
                        ]
                        if let grade = chosen.judgeGrade { scores.append(("judge", .int(grade))) }
                        return .object([
                            ("headline", .string(chosen.creative.headline)), ("description", .string(chosen.creative.description)),
                            ("scores", .object(scores)),
                        ])
                    })
            ),
            (
                "rejected",
                .array(
                    rejected.map {
                        .object([
                            ("headline", .string($0.creative.headline)), ("description", .string($0.creative.description)),
                            ("rule", .string($0.rule.rawValue)),
                            ("rules", .array(Set($0.violations.map(\.rule)).sorted().map { .string($0.rawValue) })),
                            ("round", .int($0.round)),
                        ])
                    })
            ),
            ("totals", .object(totals)),
        ])
    }
}
