/// Rounds scores for output, so answer lines stay short and stable across platforms' last-digit noise.
enum Rounding {
    /// Four decimal places.
    static func score(_ value: Double) -> Double {
        value.isFinite ? (value * 10_000).rounded() / 10_000 : 0
    }
}
