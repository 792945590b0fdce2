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
    public static func ofInput(_ data: Data, lineNumber: Int) -> BatchRecordKey {
        if let value = try? JSONDecoder().decode(JSONValue.self, from: data) {
            if case .object(let members) = value, let id = RequestDecoder.idString(members["id"]), !id.isEmpty {
                return .id(id)
            }
            return .line(lineNumber)
        }
        return .line(lineNumber)
    }

    /// The key of an output record: `id`, else `line`; nil when the line is not a record.
    public static func ofOutput(_ data: Data) -> BatchRecordKey? {
        guard case .object(let members)? = try? JSONDecoder().decode(JSONValue.self, from: data) else { return nil }
        if let id = RequestDecoder.idString(members["id"]), !id.isEmpty { return .id(id) }
        if let line = members["line"]?.wholeNumber(in: 1...Int.max) { return .line(line) }
        return nil
    }

    /// The members an output record starts with: `id`, and `line` when the id is unknown.
    public var outputMembers: [(String, OutputJSON)] {
        switch self {
        case .id(let id): return [("id", .string(id))]
        case .line(let number): return [("id", .null), ("line", .int(number))]
        }
    }
}
