import RerankCore

/// Percentile bootstrap over lists: resamples lists with replacement, seeded, so intervals are reproducible.
/// Paired: both systems are resampled with the same lists, which is what makes small differences detectable.
public struct Bootstrap: Sendable {
    public var samples: Int
    public var seed: UInt64

    public init(samples: Int = 2000, seed: UInt64 = 0) {
        self.samples = max(1, samples)
        self.seed = seed
    }

    /// The mean of `values` with a 95 % percentile interval.
    public func estimate(_ values: [Double]) -> Estimate {
        let mean = Self.mean(values)
        guard values.count > 1 else { return Estimate(mean: mean, low: mean, high: mean) }
        let means = resampledMeans(values)
        return Estimate(mean: mean, low: Self.percentile(means, 0.025), high: Self.percentile(means, 0.975))
    }

    /// Compares paired values (same lists, same order). The p-value comes from the bootstrap distribution
    /// shifted to mean zero (the null hypothesis): how often a shifted mean is at least as far from zero as the one observed.
    public func compare(_ system: [Double], against reference: [Double]) -> PairedComparison {
        precondition(system.count == reference.count, "paired values need the same lists")
        let differences = zip(system, reference).map { $0 - $1 }
        let observed = Self.mean(differences)
        guard differences.count > 1 else {
            return PairedComparison(difference: Estimate(mean: observed, low: observed, high: observed), pValue: 1)
        }
        let means = resampledMeans(differences)
        let tolerance = 1e-12
        let extreme = means.filter { abs($0 - observed) >= abs(observed) - tolerance }.count
        let pValue = min(1, Double(extreme + 1) / Double(means.count + 1))
        return PairedComparison(
            difference: Estimate(mean: observed, low: Self.percentile(means, 0.025), high: Self.percentile(means, 0.975)),
            pValue: pValue)
    }

    private func resampledMeans(_ values: [Double]) -> [Double] {
        var generator = SplitMix64(seed: seed)
        var means: [Double] = []
        means.reserveCapacity(samples)
        for _ in 0..<samples {
            var total = 0.0
            for _ in 0..<values.count {
                total += values[SeededSampling.uniform(values.count, using: &generator)]
            }
            means.append(total / Double(values.count))
        }
        return means.sorted()
    }

    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// Linear interpolation between closest ranks of sorted values.
    public static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let position = fraction * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(sorted.count - 1, lower + 1)
        let weight = position - Double(lower)
        return sorted[lower] * (1 - weight) + sorted[upper] * weight
    }
}
