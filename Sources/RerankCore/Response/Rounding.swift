/// Rounds scores for output, so answer lines stay short and stable across platforms' last-digit noise.
enum Rounding {
    /// Four decimal places; a non-finite value stays non-finite (and is written as `null`).
    static func fourPlaces(_ value: Double) -> Double {
        (value * 10_000).rounded() / 10_000
    }

    /// Four decimal places, with a non-finite value as 0: the reward and reason scores, which are always numbers.
    static func score(_ value: Double) -> Double {
        value.isFinite ? fourPlaces(value) : 0
    }
}
