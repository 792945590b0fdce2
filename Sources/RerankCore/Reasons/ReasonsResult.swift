import JSONLines

/// The reasons for the top items of one ranking: the valid ones in ranking order, the omitted ones flagged,
/// and what the calls cost.
public struct ReasonsResult: Sendable, OutputJSONConvertible {
    public var reasons: [ItemReason]
    public var omitted: [OmittedReason]
    /// Ids the model answered for that were not asked for; dropped.
    public var unrequested: Int
    /// Reasons written and refused by a text rule or the judge, in the order written.
    public var rejected: [RejectedReason]
    public var usage: TokenUsage
    /// The calls made, for folding into a rerank answer's diagnostics (`CallOutcome.record`).
    var outcomes: [CallOutcome]

    init(
        reasons: [ItemReason], omitted: [OmittedReason], unrequested: Int, outcomes: [CallOutcome], rejected: [RejectedReason] = [],
        extraUsage: TokenUsage = TokenUsage()
    ) {
        self.reasons = reasons
        self.rejected = rejected
        self.omitted = omitted
        self.unrequested = unrequested
        self.outcomes = outcomes
        self.usage = outcomes.reduce(extraUsage) { $0 + TokenUsage($1) }
    }

    /// No reasons asked for.
    public static let empty = ReasonsResult(reasons: [], omitted: [], unrequested: 0, outcomes: [])

    /// Adds this result's calls, tokens and retries to a rerank answer's diagnostics.
    public func record(into diagnostics: inout RerankDiagnostics) {
        CallOutcome.record(outcomes, into: &diagnostics)
    }

    /// `reasons` and, when any were dropped, `reasons_omitted`: the members a rerank answer appends.
    public var outputMembers: [(String, OutputJSON)] {
        var members: [(String, OutputJSON)] = [("reasons", .array(reasons.map(\.outputJSON)))]
        if !omitted.isEmpty { members.append(("reasons_omitted", .array(omitted.map(\.outputJSON)))) }
        return members
    }

    public var outputJSON: OutputJSON { .object(outputMembers) }
}
