/// The test of one chosen configuration on lists its choice never saw: paired against the upstream order and
/// against random, over the confirmation lists alone. Only this one configuration is tested there, so its p-value
/// needs no correction for how many were compared while choosing it.
public struct Confirmation: Sendable, Hashable {
    public var chosen: Estimate
    public var upstream: Estimate
    public var random: Estimate?
    public var againstUpstream: PairedComparison
    public var againstRandom: PairedComparison?
    /// The significance level the gain over the upstream must reach.
    public var level: Double
    public var lists: Int

    /// The paired tests of `chosen` against `upstream` and `random` (per-list values, the same lists in the same order).
    public init(chosen: [Double], upstream: [Double], random: [Double]?, bootstrap: Bootstrap, level: Double) {
        self.chosen = bootstrap.estimate(chosen)
        self.upstream = bootstrap.estimate(upstream)
        self.random = random.map(bootstrap.estimate)
        againstUpstream = bootstrap.compare(chosen, against: upstream)
        againstRandom = random.map { bootstrap.compare(chosen, against: $0) }
        self.level = level
        lists = chosen.count
    }

    /// The chosen configuration is better than the upstream order on the confirmation lists: a positive mean
    /// difference with p below the level.
    public var confirmed: Bool {
        againstUpstream.difference.mean > 0 && againstUpstream.pValue < level
    }
}

/// How the tune picks: the point with the highest mean metric on the tuning lists, the first on a tie (candidates
/// in the order given, rank blend before score blend, lower upstream weights first), and only if it is above the
/// upstream order's mean there; otherwise nil, and the upstream order is kept.
public enum TuneSelection {
    public static func best(_ values: [[Double]], upstream: [Double]) -> Int? {
        let upstreamMean = Bootstrap.mean(upstream)
        var best: (index: Int, mean: Double)?
        for (index, perList) in values.enumerated() {
            let mean = Bootstrap.mean(perList)
            if mean > (best?.mean ?? upstreamMean) { best = (index, mean) }
        }
        return best?.index
    }

    /// The difference a paired test on `lists` lists detects with 80 % power at the 5 % level, from the per-list
    /// differences seen on the tuning lists: 2.8 standard errors. A gain smaller than this is unlikely to be confirmed.
    public static func detectableDifference(_ differences: [Double], lists: Int) -> Double? {
        guard differences.count > 1, lists > 0 else { return nil }
        let mean = Bootstrap.mean(differences)
        let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(differences.count - 1)
        return 2.8 * variance.squareRoot() / Double(lists).squareRoot()
    }
}
