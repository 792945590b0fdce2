import JSONLines

/// The scores of a judged list: each element's and the list's own, with how they combine into the reward.
public struct ListScore: Sendable, Hashable, OutputJSONConvertible {
    public var backend: String
    public var elements: [ElementScore]
    /// Mean element relevance; 0 for an empty list.
    public var meanRelevance: Double
    public var intraListDiversity: Double
    /// nil when no element has attributes.
    public var coverage: Double?
    public var distinct1: Double
    public var distinct2: Double
    public var selfBLEU: Double
    /// The weighted combination described by `RewardWeights`.
    public var reward: Double
    /// nil when no hard constraints apply; else whether every element passes them.
    public var allPass: Bool?
    public var usage: TokenUsage

    public var outputJSON: OutputJSON {
        var list: [(String, OutputJSON)] = [
            ("relevance", .double(Rounding.score(meanRelevance))),
            ("ild", .double(Rounding.score(intraListDiversity))),
            ("coverage", coverage.map { .double(Rounding.score($0)) } ?? .null),
            ("distinct_1", .double(Rounding.score(distinct1))),
            ("distinct_2", .double(Rounding.score(distinct2))),
            ("self_bleu", .double(Rounding.score(selfBLEU))),
            ("reward", .double(Rounding.score(reward))),
        ]
        if let allPass { list.append(("all_pass", .bool(allPass))) }
        var members: [(String, OutputJSON)] = [
            ("backend", .string(backend)),
            ("elements", .array(elements.map(\.outputJSON))),
            ("list", .object(list)),
        ]
        if usage.llmCalls > 0 {
            members.append(
                (
                    "usage",
                    .object([
                        ("llm_calls", .int(usage.llmCalls)), ("prompt_tokens", .int(usage.promptTokens)),
                        ("completion_tokens", .int(usage.completionTokens)),
                    ])
                ))
        }
        return .object(members)
    }
}
