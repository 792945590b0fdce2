/// The one sort rule every strategy and blend shares: higher score first, ties by upstream order.
public enum ScoreOrder {
    /// Candidate indices `0..<scores.count`, best first. `tieBreakOrder` is every index once, best first;
    /// among equal scores the one earlier in it comes first.
    public static func order(_ scores: [Double], tieBreakOrder: [Int]) -> [Int] {
        var tiePosition = [Int](repeating: 0, count: scores.count)
        for (position, candidate) in tieBreakOrder.enumerated() where candidate < scores.count {
            tiePosition[candidate] = position
        }
        return scores.indices.sorted { left, right in
            scores[left] != scores[right] ? scores[left] > scores[right] : tiePosition[left] < tiePosition[right]
        }
    }
}
