import Foundation
import JSONLines
import LLMClient

/// Reads the top-level `id` of a line that is not valid JSON, so its error answer can still name it.
///
/// It walks the line as JSON from the start and stops at the first byte that breaks the grammar: an `id`
/// nested in another member is never taken, a string is read with its escapes, a number whole (`1e400`
/// is not an id). The answer is the exact id the line would have had, or nil. A line that names `id` twice
/// at the top level has no id: readers disagree on which one counts, so naming either could answer for a
/// request the caller never sent.
public enum TopLevelID {
    /// Longer ids are not echoed from a broken line.
    static let maxCharacters = 1000

    public static func read(in line: Data) -> String? {
        let bytes = [UInt8](line)
        var index = 0
        var found: String?
        func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
                index += 1
            }
        }
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        // Past the id the walk goes on to the end of the object or the first break, looking for a second `id`.
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return found }
            guard let keyEnd = stringEnd(bytes, from: index), case .string(let key)? = try? JSONParser.parse(bytes[index..<keyEnd]) else {
                return found
            }
            index = keyEnd
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return found }
            index += 1
            skipSpace()
            if key == "id" {
                guard found == nil, let valueEnd = valueEnd(bytes, from: index), let value = try? JSONParser.parse(bytes[index..<valueEnd]),
                    let id = RequestDecoder.idString(value), !id.isEmpty, id.count <= maxCharacters
                else { return nil }
                found = id
                index = valueEnd
            } else {
                guard let valueEnd = valueEnd(bytes, from: index) else { return found }
                index = valueEnd
            }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return found }
            index += 1
        }
    }

    /// The index just past the string literal that starts at `start` (a quote), or nil if it never ends.
    static func stringEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return nil
    }

    /// The index just past the JSON value that starts at `start`, or nil where the line ends or breaks first.
    /// Only the brackets are balanced here; the value itself is checked by the parser when it is the id.
    static func valueEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return stringEnd(bytes, from: start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard let end = stringEnd(bytes, from: index) else { return nil }
                    index = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default: break
                }
                index += 1
            }
            return nil
        default:
            // A number or a literal: everything up to the next delimiter.
            var index = start
            while index < bytes.count, !",}] \t\r\n".utf8.contains(bytes[index]) { index += 1 }
            // A scalar running to the end of the line may have been cut off: it is not known whole.
            return index == start || index == bytes.count ? nil : index
        }
    }
}
