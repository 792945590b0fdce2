import JSONLines

/// What processing one input line produced: the output line and what the summary counts.
public struct BatchRecord: Sendable {
    /// The complete output record, starting with the line's key members (see `BatchRecordKey.outputMembers`).
    public var json: OutputJSON
    /// True for an error record.
    public var failed: Bool
    public var usage: TokenUsage
    /// Job-specific counts summed into the summary, such as creatives rejected per rule.
    public var counters: [String: Int]

    public init(json: OutputJSON, failed: Bool, usage: TokenUsage = TokenUsage(), counters: [String: Int] = [:]) {
        self.json = json
        self.failed = failed
        self.usage = usage
        self.counters = counters
    }

    /// An error record: `{"id": ..., "error": {"code": ..., "message": ...}}` (plus `line` when the id is unknown).
    public static func error(_ key: BatchRecordKey, code: String, message: String, usage: TokenUsage = TokenUsage()) -> BatchRecord {
        BatchRecord(
            json: .object(key.outputMembers + [("error", .object([("code", .string(code)), ("message", .string(message))]))]),
            failed: true, usage: usage)
    }
}
