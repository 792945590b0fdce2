import Foundation
import JSONLines

/// A RecBole atomic file (`.inter`, `.item`, `.user`): a tab-separated table whose header names each field
/// with its type, such as `user_id:token` or `item_id_list:token_seq`.
public struct AtomicFile: Sendable {
    /// RecBole's field types.
    public enum FieldType: String, Sendable, Hashable {
        case token
        case tokenSequence = "token_seq"
        case float
        case floatSequence = "float_seq"
    }

    /// One header field.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var type: FieldType
    }

    public var path: String
    public var fields: [Field]
    /// Rows of raw cell text, one cell per field (missing trailing cells are empty).
    public var rows: [[String]]

    /// Reads and parses a file.
    public static func read(path: String) throws -> AtomicFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DatasetError.unreadable(path: path, reason: error.localizedDescription)
        }
        return try AtomicFile(text: String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses the text of a file; `path` only names it in errors. Lines end at LF or CRLF (see
    /// `LineSplitter.lines(of:)`); empty lines are skipped.
    public init(text: String, path: String) throws {
        self.path = path
        var lines = LineSplitter.lines(of: text).filter { !$0.isEmpty }[...]
        guard let header = lines.popFirst() else {
            throw DatasetError.empty(path: path, detail: "the file is empty")
        }
        var fields: [Field] = []
        for column in header.split(separator: "\t", omittingEmptySubsequences: false) {
            let parts = column.trimmingCharacters(in: .whitespaces).split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw DatasetError.badHeader(path: path, detail: "'\(column)' has no ':type'")
            }
            guard let type = FieldType(rawValue: parts[1]) else {
                throw DatasetError.badHeader(
                    path: path, detail: "'\(column)' has type '\(parts[1])'; types are token, token_seq, float, float_seq")
            }
            fields.append(Field(name: parts[0], type: type))
        }
        self.fields = fields
        var rows: [[String]] = []
        rows.reserveCapacity(lines.count)
        for line in lines {
            var cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if cells.count < fields.count { cells += Array(repeating: "", count: fields.count - cells.count) }
            rows.append(cells)
        }
        self.rows = rows
    }

    /// The column index of a field, by name.
    public func column(_ name: String) -> Int? {
        fields.firstIndex { $0.name == name }
    }

    /// The column of a field the caller cannot do without.
    public func requireColumn(_ name: String) throws -> Int {
        guard let index = column(name) else {
            throw DatasetError.missingField(path: path, field: name, present: fields.map { "\($0.name):\($0.type.rawValue)" })
        }
        return index
    }
}
