import RerankCore

/// Rankings that need no model, run beside every evaluation so a configuration is judged against what a
/// user already has: the upstream order, chance, and popularity.
public enum Baseline: String, Sendable, Hashable, CaseIterable {
    /// The upstream ranker's order (by `score`, else as given).
    case upstream
    /// Seeded random permutations, metrics averaged over several draws; the same draws at every placement,
    /// since chance does not depend on where an item is shown.
    case random
    /// Most interacted-with first (`metadata.popularity`); ties keep the shown order.
    case popularity

    /// What every baseline's system name starts with, so no configuration can be named like one.
    public static let systemNamePrefix = "baseline:"

    public var systemName: String { Self.systemNamePrefix + rawValue }

    /// The baseline's metric values for one list shown as `candidates`, and one ranking to save.
    public func evaluate(_ list: LabelledList, candidates: [Item], metrics: MetricSet, randomDraws: Int, seed: UInt64) -> (
        ranking: [String], metrics: [Double]
    )? {
        let shown = RerankRequest(id: list.request.id, user: list.request.user, candidates: candidates, options: list.request.options)
        let ids = candidates.map(\.id)
        switch self {
        case .upstream:
            let ranking = shown.upstreamOrder.map { ids[$0] }
            return (ranking, metrics.evaluate(ranking, labels: list.labels))
        case .random:
            var generator = SplitMix64(seed: SeededSampling.seed(for: list.request.id + "/random", base: seed))
            let draws = max(1, randomDraws)
            var total = [Double](repeating: 0, count: metrics.names.count)
            var first: [String] = []
            for draw in 0..<draws {
                let ranking = SeededSampling.shuffle(list.candidateIDs, using: &generator)
                if draw == 0 { first = ranking }
                for (index, value) in metrics.evaluate(ranking, labels: list.labels).enumerated() { total[index] += value }
            }
            return (first, total.map { $0 / Double(draws) })
        case .popularity:
            guard let popularity = list.popularity else { return nil }
            let ranking = Metrics.order(ids, scores: popularity)
            return (ranking, metrics.evaluate(ranking, labels: list.labels))
        }
    }
}
