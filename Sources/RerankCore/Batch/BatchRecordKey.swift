import Foundation
import JSONLines
import LLMClient

/// What identifies a batch record, so a restarted job can tell finished input from unfinished: the record's
/// `id`, compared by its exact bytes (see `ExactText`), or for a line that cannot be read as JSON, or holds
/// no id, its line number.
public enum BatchRecordKey: Sendable, Hashable, CustomStringConvertible {
    case id(String)
    case line(Int)

    public static func == (left: BatchRecordKey, right: BatchRecordKey) -> Bool {
        switch (left, right) {
        case (.id(let a), .id(let b)): return ExactText(a) == ExactText(b)
        case (.line(let a), .line(let b)): return a == b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .id(let id):
            hasher.combine(0)
            hasher.combine(ExactText(id))
        case .line(let number):
            hasher.combine(1)
            hasher.combine(number)
        }
    }

    public var description: String {
        switch self {
        case .id(let id): return "id \(id)"
        case .line(let number): return "line \(number)"
        }
    }

    /// The key of an input line: its top-level `id` (string or integer), else its line number. A line that
    /// does not parse is always keyed by its number: what a scan finds in it is a guess, and two guesses
    /// may collide.
    ///
    /// The line is read by `JSONParser` and the id by `RequestDecoder.idString`, the reader and the rule the
    /// answer's own id comes from, so the key of a line and the key of its record can never differ (a line the
    /// decoder refuses, such as one with `01` or a repeated `id`, is keyed by its number both ways).
    public static func ofInput(_ data: Data, lineNumber: Int) -> BatchRecordKey {
        guard case .object(let members)? = try? JSONParser.parse(data), let id = id(of: members) else { return .line(lineNumber) }
        return .id(id)
    }

    /// The key of an output record: `id`, else `line`; nil when the line is not a record. Read like an input
    /// line (see `ofInput`).
    public static func ofOutput(_ data: Data) -> BatchRecordKey? {
        guard case .object(let members)? = try? JSONParser.parse(data) else { return nil }
        if let id = id(of: members) { return .id(id) }
        if let line = members["line"]?.wholeNumber(in: 1...Int.max) { return .line(line) }
        return nil
    }

    /// An object's `id` by the request's rule, nil when it is missing, empty or of another kind.
    private static func id(of members: JSONObject) -> String? {
        guard let id = RequestDecoder.idString(members["id"]), !id.isEmpty else { return nil }
        return id
    }

    /// The members an output record starts with: `id`, and `line` when the id is unknown.
    public var outputMembers: [(String, OutputJSON)] {
        switch self {
        case .id(let id): return [("id", .string(id))]
        case .line(let number): return [("id", .null), ("line", .int(number))]
        }
    }
}
