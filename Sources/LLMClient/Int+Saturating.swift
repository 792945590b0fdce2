extension Int {
    /// The sum, or `Int.max` / `Int.min` where it would overflow: numbers that come from an endpoint (token
    /// counts) are added up across calls, and an absurd value must cap the total, never trap the process.
    public func saturatingAdding(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }

    /// The product, or `Int.max` / `Int.min` where it would overflow: call counts are worked out from
    /// request and configuration numbers before any bound is checked, so the arithmetic must cap, never trap.
    public func saturatingMultiplied(by other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard overflow else { return product }
        return (self > 0) == (other > 0) ? .max : .min
    }

    /// A whole number of units for `value` (seconds, milliseconds) clamped into `range`, NaN as its lower
    /// end: a `Double` past `Int`'s range would otherwise trap in the conversion.
    public static func clamped(_ value: Double, to range: ClosedRange<Int>) -> Int {
        guard !value.isNaN else { return range.lowerBound }
        if value <= Double(range.lowerBound) { return range.lowerBound }
        if value >= Double(range.upperBound) { return range.upperBound }
        return Int(value)
    }
}
