import Foundation
import JSONLines

/// Reading and writing the whitespace-separated TREC formats: lines, fields and ids that cannot break a field.
enum TrecText {
    /// The file's text; a UTF-8 byte-order mark at the start is dropped.
    static func read(path: String) throws -> String {
        do {
            var data = try Data(contentsOf: URL(fileURLWithPath: path))
            if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw DatasetError.unreadable(path: path, reason: error.localizedDescription)
        }
    }

    /// Calls `body` with the 1-based line number and the fields of every line that is not blank or a `#` comment.
    /// Lines end at LF or CRLF (see `LineSplitter.lines(of:)`).
    static func forEachLine(_ text: String, path: String, maxLineCount: Int, _ body: (Int, [String]) throws -> Void) throws {
        var number = 0
        for line in LineSplitter.lines(of: text) {
            number += 1
            guard number <= maxLineCount else {
                throw DatasetError.badRow(path: path, line: number, detail: "more than \(maxLineCount) lines; split the file")
            }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            if fields.isEmpty || fields[0].hasPrefix("#") { continue }
            try body(number, fields)
        }
    }

    /// An id as one field: whitespace inside it would split the line, so it becomes `_`.
    static func field(_ value: String) -> String {
        let cleaned = String(value.map { $0.isWhitespace ? "_" : $0 })
        return cleaned.isEmpty ? "_" : cleaned
    }

    /// A value quoted in an error, cut so a hostile field cannot flood the message.
    static func shown(_ value: String) -> String {
        value.count <= 40 ? value : String(value.prefix(40)) + "…"
    }
}
