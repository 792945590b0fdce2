import RerankCore

/// Shuffles and samples written out here rather than taken from the standard library, whose algorithms may
/// change between Swift releases: a seed must give the same lists on every toolchain.
public enum SeededSampling {
    /// A uniform integer in `0..<bound` by rejection, so no value is favoured.
    public static func uniform(_ bound: Int, using generator: inout SplitMix64) -> Int {
        precondition(bound > 0, "bound must be positive")
        let limit = UInt64(bound)
        let threshold = (0 &- limit) % limit
        while true {
            let value = generator.next()
            if value >= threshold { return Int(value % limit) }
        }
    }

    /// Fisher–Yates shuffle.
    public static func shuffle<T>(_ elements: [T], using generator: inout SplitMix64) -> [T] {
        var result = elements
        guard result.count > 1 else { return result }
        for index in stride(from: result.count - 1, to: 0, by: -1) {
            let other = uniform(index + 1, using: &generator)
            if other != index { result.swapAt(index, other) }
        }
        return result
    }

    /// `count` distinct elements drawn without replacement, in draw order (all of them when there are fewer).
    public static func sample<T>(_ elements: [T], count: Int, using generator: inout SplitMix64) -> [T] {
        var pool = elements
        let wanted = min(max(0, count), pool.count)
        for index in 0..<wanted {
            let other = index + uniform(pool.count - index, using: &generator)
            if other != index { pool.swapAt(index, other) }
        }
        return Array(pool.prefix(wanted))
    }

    /// A stable 64-bit seed for a text (FNV-1a), to derive per-list seeds from ids.
    public static func seed(for text: String, base: UInt64) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        var mixer = SplitMix64(seed: hash ^ base)
        return mixer.next()
    }
}
