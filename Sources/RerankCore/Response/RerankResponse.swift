import JSONLines

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
    /// True when `options.deadline_ms` ran out before the ranking was done: what was done is kept (pointwise
    /// candidates scored so far, the rest after them in upstream order) and the calls still running were cancelled.
    public var partial = false
    /// Echo `id` as a JSON integer, as the request gave it.
    public var idIsInteger = false
    /// The model's ranking before fusion and diversity; nil when the answer is degraded or made no ranking calls.
    /// Not part of the answer's line.
    public var modelRanking: ModelRanking?

    public init(id: String, ranking: [RankedCandidate], degraded: Bool, degradedReason: String? = nil, diagnostics: RerankDiagnostics) {
        self.id = id
        self.ranking = ranking
        self.degraded = degraded
        self.degradedReason = degradedReason
        self.diagnostics = diagnostics
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
        // Written only when true, so an answer without a deadline reads as it always has.
        if partial { members.append(("partial", .bool(true))) }
        if let degradedReason { members.append(("degraded_reason", .string(degradedReason))) }
        if let reasons { members += reasons.outputMembers }
        members.append(("diagnostics", diagnostics.outputJSON))
        return .object(members)
    }
}
