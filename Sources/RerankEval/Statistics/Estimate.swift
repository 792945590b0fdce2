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
