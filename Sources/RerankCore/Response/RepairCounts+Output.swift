extension RepairCounts: OutputJSONConvertible {
    public var outputJSON: OutputJSON {
        .object([("missing", .int(missing)), ("duplicate", .int(duplicate)), ("unknown", .int(unknown))])
    }
}
