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

extension RankedCandidate {
    public var outputJSON: OutputJSON {
        var members: [(String, OutputJSON)] = [("id", .string(id)), ("rank", .int(rank))]
        if let score { members.append(("score", .double(score))) }
        for (name, value) in evidence { members.append((name, .double(value))) }
        return .object(members)
    }
}
