import Foundation
import LLMClient

/// What identifies a batch record, so a restarted job can tell finished input from unfinished: the record's
/// `id`, or for a line whose id could not be read, its line number.
public enum BatchRecordKey: Sendable, Hashable, CustomStringConvertible {
    case id(String)
    case line(Int)

    public var description: String {
        switch self {
        case .id(let id): return "id \(id)"
        case .line(let number): return "line \(number)"
        }
    }

    /// The key of an input line: its top-level `id` (string or integer), else the id found by scanning a
    /// line that does not parse, else its line number.
    public static func ofInput(_ data: Data, lineNumber: Int) -> BatchRecordKey {
        if let value = try? JSONDecoder().decode(JSONValue.self, from: data) {
            if case .object(let members) = value, let id = RequestDecoder.idString(members["id"]), !id.isEmpty {
                return .id(id)
            }
            return .line(lineNumber)
        }
        return RequestDecoder.probeID(in: data).map(BatchRecordKey.id) ?? .line(lineNumber)
    }

    /// The key of an output record: `id`, else `line`; nil when the line is not a record.
    public static func ofOutput(_ data: Data) -> BatchRecordKey? {
        guard case .object(let members)? = try? JSONDecoder().decode(JSONValue.self, from: data) else { return nil }
        if let id = RequestDecoder.idString(members["id"]), !id.isEmpty { return .id(id) }
        if case .number(let line)? = members["line"], line.rounded() == line, line >= 1 { return .line(Int(line)) }
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
