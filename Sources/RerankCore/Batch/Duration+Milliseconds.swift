extension Duration {
    /// Whole milliseconds, as answers and batch totals report wall time (`latency_ms`).
    var wholeMilliseconds: Int {
        Int(components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
