/// A mean with its 95 % confidence interval.
public struct Estimate: Sendable, Hashable {
    public var mean: Double
    public var low: Double
    public var high: Double

    public init(mean: Double, low: Double, high: Double) {
        self.mean = mean
        self.low = low
        self.high = high
    }
}

/// A paired comparison of one system against another on the same lists.
public struct PairedComparison: Sendable, Hashable {
    /// Mean of (system − reference) with its 95 % interval.
    public var difference: Estimate
    /// Two-sided p-value for "no difference".
    public var pValue: Double
}
