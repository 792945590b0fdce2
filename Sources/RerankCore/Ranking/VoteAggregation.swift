/// How several orderings of the same candidates become one.
public enum VoteAggregation: String, Sendable, Hashable, CaseIterable {
    /// Each ordering gives K−1 points to its first candidate, down to 0 for its last.
    case borda
    /// Reciprocal-rank fusion: each ordering gives 1 / (k + rank), k = 60.
    case rrf

    /// Aggregate points per candidate (indices into the request's candidates).
    public func points(for orderings: [[Int]], candidateCount: Int) -> [Double] {
        var points = [Double](repeating: 0, count: candidateCount)
        for ordering in orderings {
            for (position, candidate) in ordering.enumerated() where candidate < candidateCount {
                switch self {
                case .borda: points[candidate] += Double(candidateCount - 1 - position)
                case .rrf: points[candidate] += 1 / (60 + Double(position + 1))
                }
            }
        }
        return points
    }

    /// Candidates by points, best first; ties go to the earlier candidate in `tieBreakOrder`.
    public func aggregate(_ orderings: [[Int]], tieBreakOrder: [Int]) -> (order: [Int], points: [Double]) {
        let count = tieBreakOrder.count
        let points = points(for: orderings, candidateCount: count)
        return (ScoreOrder.order(points, tieBreakOrder: tieBreakOrder), points)
    }
}
