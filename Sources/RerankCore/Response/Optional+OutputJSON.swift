import JSONLines

extension Optional where Wrapped == String {
    /// The string, or `null` when absent.
    var outputJSON: OutputJSON { map(OutputJSON.string) ?? .null }
}
