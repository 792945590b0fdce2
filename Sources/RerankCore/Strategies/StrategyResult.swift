/// What a ranking strategy produced for one request (or one window of it).
struct StrategyResult: Sendable {
    /// Candidate indices, best first; every candidate exactly once.
    var order: [Int]
    /// Per-candidate evidence by candidate index: vote points, P(yes), pairwise wins.
    var evidence: [[(String, Double)]]
    var outcomes: [CallOutcome] = []
    /// How the answers read (first try valid, re-asked, repaired, repairs). The calls are counted from
    /// `outcomes` into the request's diagnostics, so these call counters stay 0.
    var counters = RankingCounters()
    /// Windows ranked (listwise); 0 for the other strategies.
    var windowPasses = 0
    /// Mean Kendall τ between the votes' orderings.
    var agreement: Double?
    /// Mean Kendall τ between the order a vote was shown and the order it answered: 1 is a pure echo.
    var positionEcho: Double?
    /// Set when no call produced an answer, so the ranking must fall back to the upstream order.
    var failure: RankingError?
    /// The strategy's own score per candidate index, higher is better, for the score blend; nil when the
    /// strategy produced only an order (or scores that are not comparable across the list).
    var scores: [Double]?
    /// First-token scoring, setwise and pairwise comparisons: what the logits said and what they could not.
    var logits = LogitsCounts()

    init(order: [Int], evidence: [[(String, Double)]]? = nil, outcomes: [CallOutcome] = [], failure: RankingError? = nil) {
        self.order = order
        self.evidence = evidence ?? Array(repeating: [], count: order.count)
        self.outcomes = outcomes
        self.failure = failure
    }
}
