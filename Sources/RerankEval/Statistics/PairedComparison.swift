/// A paired comparison of one system against another on the same lists.
public struct PairedComparison: Sendable, Hashable {
    /// Mean of (system − reference) with its 95 % interval.
    public var difference: Estimate
    /// Two-sided p-value for "no difference".
    public var pValue: Double
}
