import Foundation
import JSONLines

/// What a batch run did, printed at its end: as a line on stderr and as JSON on stdout.
public struct BatchSummary: Sendable, Hashable, OutputJSONConvertible {
    /// Non-blank input lines.
    public var inputRecords = 0
    /// Lines skipped because the output already held their record (a resumed job).
    public var alreadyDone = 0
    /// Records written by this run, errors included.
    public var done = 0
    public var failed = 0
    /// Lines skipped because an earlier line of this input had the same id.
    public var duplicateIDs = 0
    /// The line numbers of the first duplicates (at most `maxListedLines`), for the message that names them.
    public var duplicateLines: [Int] = []
    /// At most this many duplicate line numbers are listed.
    public static let maxListedLines = 20
    /// A partial last line removed from the output on start (the previous run was killed mid-write).
    public var truncatedBytes = 0
    public var usage = TokenUsage()
    /// Job-specific counts (creatives rejected per rule).
    public var counters: [String: Int] = [:]
    public var wallSeconds = 0.0

    public init() {}

    /// Input lines that have no record of their own in the output: duplicates, or lines a run never reached.
    /// A job must not report success while this is above 0.
    public var linesWithoutRecord: Int { max(0, inputRecords - alreadyDone - done) }

    /// What to tell the user when `linesWithoutRecord` is above 0, or nil when every line has its record.
    public var missingRecordsProblem: String? {
        guard linesWithoutRecord > 0 else { return nil }
        var text = "\(linesWithoutRecord) input lines have no record of their own"
        if duplicateIDs > 0 {
            let listed = duplicateLines.map(String.init).joined(separator: ", ")
            text +=
                "; \(duplicateIDs) repeat the id of an earlier line (lines \(listed)\(duplicateIDs > duplicateLines.count ? ", …" : "")): "
            text += "ids are compared byte for byte, give every line its own id"
        }
        return text
    }

    /// One human-readable line.
    public var text: String {
        var parts = ["\(done) done", "\(failed) failed", "\(alreadyDone) already done"]
        if duplicateIDs > 0 { parts.append("\(duplicateIDs) duplicate ids skipped") }
        var text = parts.joined(separator: ", ")
        if !counters.isEmpty {
            text += "; " + counters.keys.sorted().map { "\($0) \(counters[$0] ?? 0)" }.joined(separator: ", ")
        }
        text += "; \(usage.llmCalls) calls, \(usage.totalTokens) tokens; "
        text += String(format: "%.1f s", wallSeconds)
        return text
    }

    public var outputJSON: OutputJSON {
        .object([
            ("input_records", .int(inputRecords)),
            ("already_done", .int(alreadyDone)),
            ("done", .int(done)),
            ("failed", .int(failed)),
            ("duplicate_ids", .int(duplicateIDs)),
            ("truncated_bytes", .int(truncatedBytes)),
            ("llm_calls", .int(usage.llmCalls)),
            ("prompt_tokens", .int(usage.promptTokens)),
            ("completion_tokens", .int(usage.completionTokens)),
            ("counters", .object(counters.keys.sorted().map { ($0, .int(counters[$0] ?? 0)) })),
            ("wall_seconds", .double((wallSeconds * 10).rounded() / 10)),
        ])
    }
}
