import JSONLines

/// A validated reason for one item, with its reward scores.
public struct ItemReason: Sendable, Hashable, OutputJSONConvertible {
    public var id: String
    public var text: String
    /// True when the first answer lacked it or had it invalid and the second call supplied it.
    public var regenerated: Bool
    public var scores: ReasonScores

    public init(id: String, text: String, regenerated: Bool, scores: ReasonScores) {
        self.id = id
        self.text = text
        self.regenerated = regenerated
        self.scores = scores
    }

    public var outputJSON: OutputJSON {
        var scoreMembers: [(String, OutputJSON)] = [
            ("item_relevance", .double(Rounding.score(scores.itemRelevance))),
            ("history_relevance", .double(Rounding.score(scores.historyRelevance))),
            ("names_history_item", .bool(scores.namesHistoryItem)),
            ("names_attribute", .bool(scores.namesAttribute)),
            ("grounded", .bool(scores.grounded)),
        ]
        if let grade = scores.judgeGrade { scoreMembers.append(("judge", .int(grade))) }
        return .object([
            ("id", .string(id)),
            ("reason", .string(text)),
            ("regenerated", .bool(regenerated)),
            ("scores", .object(scoreMembers)),
        ])
    }
}
