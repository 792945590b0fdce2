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
