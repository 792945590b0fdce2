import JSONLines

extension OutputJSON {
    /// A number rounded to 6 decimals, so reports do not carry floating-point noise.
    static func rounded(_ value: Double, places: Double = 1e6) -> OutputJSON {
        .double((value * places).rounded() / places)
    }
}
