import Foundation

/// Writes request bodies byte for byte as `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` does,
/// without its generic boxing: bodies are sent on every call, and caches are keyed by their exact bytes.
///
/// Keys are sorted by their UTF-8 bytes, doubles print as `description` without a trailing `.0`, and strings
/// escape only `"`, `\` and control characters below U+0020.
struct JSONBodyWriter {
    fileprivate(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// A number `JSONEncoder` would refuse; the caller falls back to it for the same error.
    struct NonFiniteNumber: Error {}

    mutating func write(_ value: JSONValue) throws(NonFiniteNumber) {
        switch value {
        case .null: append("null")
        case .bool(let flag): write(flag)
        case .number(let number):
            // As JSONValue encodes itself: whole numbers below 1e15 as integers.
            if number.rounded() == number, abs(number) < 1e15 { write(Int64(number)) } else { try write(number) }
        case .string(let text): write(text)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                try write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            try writeObject(members.map { ($0.key, $0.value) }) { (writer: inout JSONBodyWriter, value: JSONValue) throws(NonFiniteNumber) in
                try writer.write(value)
            }
        }
    }

    /// An object whose members are written by `writeValue`, in `JSONEncoder`'s sorted order.
    mutating func writeObject<Value>(
        _ members: [(String, Value)], _ writeValue: (inout JSONBodyWriter, Value) throws(NonFiniteNumber) -> Void
    ) throws(NonFiniteNumber) {
        bytes.append(UInt8(ascii: "{"))
        let sorted = members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        for (index, (key, value)) in sorted.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(key)
            bytes.append(UInt8(ascii: ":"))
            try writeValue(&self, value)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func write(_ flag: Bool) { append(flag ? "true" : "false") }

    mutating func write<Integer: BinaryInteger>(_ integer: Integer) { append(String(integer)) }

    mutating func write(_ number: Double) throws(NonFiniteNumber) {
        guard number.isFinite else { throw NonFiniteNumber() }
        var text = number.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        append(text)
    }

    mutating func write(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Runs of bytes that need no escape are copied whole.
        if text.utf8.withContiguousStorageIfAvailable({ writeEscaped($0) }) == nil {
            writeEscaped(Array(text.utf8))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func writeEscaped<Bytes: RandomAccessCollection>(_ source: Bytes) where Bytes.Element == UInt8, Bytes.Index == Int {
        var runStart = source.startIndex
        for index in source.indices {
            let byte = source[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: source[runStart..<index])
            runStart = index + 1
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            default:
                append("\\u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            }
        }
        bytes.append(contentsOf: source[runStart..<source.endIndex])
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
}

extension ChatCompletionRequest {
    /// The body to send: the bytes `JSONEncoder` with sorted keys and unescaped slashes would produce.
    public func jsonBody() throws -> Data {
        do {
            return try writtenBody()
        } catch {
            // Only a non-finite number gets here; JSONEncoder reports it in its own words.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try encoder.encode(self)
        }
    }

    private enum Member {
        case json(JSONValue)
        case messages([ChatMessage])
        case double(Double)
        case integer(Int)
    }

    private func writtenBody() throws(JSONBodyWriter.NonFiniteNumber) -> Data {
        var members: [String: Member] = extraBody.mapValues(Member.json)
        // Typed fields win over pass-through fields of the same name, as in `encode(to:)`.
        members["model"] = .json(.string(model))
        members["messages"] = .messages(messages)
        if let temperature { members["temperature"] = .double(temperature) }
        if let topP { members["top_p"] = .double(topP) }
        if let maxTokens { members["max_tokens"] = .integer(maxTokens) }
        if let seed { members["seed"] = .integer(seed) }
        if let stop { members["stop"] = .json(.array(stop.map(JSONValue.string))) }
        if let responseFormat { members["response_format"] = .json(responseFormat.json) }
        if let logprobs { members["logprobs"] = .json(.bool(logprobs)) }
        if let topLogprobs { members["top_logprobs"] = .integer(topLogprobs) }

        var writer = JSONBodyWriter(capacity: messages.reduce(256) { $0 + $1.content.utf8.count + 32 })
        try writer.writeObject(members.map { ($0.key, $0.value) }) { (writer: inout JSONBodyWriter, member: Member) throws(JSONBodyWriter.NonFiniteNumber) in
            switch member {
            case .json(let value): try writer.write(value)
            case .double(let number): try writer.write(number)
            case .integer(let integer): writer.write(integer)
            case .messages(let messages):
                writer.bytes.append(UInt8(ascii: "["))
                for (index, message) in messages.enumerated() {
                    if index > 0 { writer.bytes.append(UInt8(ascii: ",")) }
                    writer.write(message)
                }
                writer.bytes.append(UInt8(ascii: "]"))
            }
        }
        return Data(writer.bytes)
    }
}

extension JSONBodyWriter {
    /// `{"content":…,"role":…}`: the keys already in sorted order.
    mutating func write(_ message: ChatMessage) {
        append("{\"content\":")
        write(message.content)
        append(",\"role\":")
        write(message.role.rawValue)
        bytes.append(UInt8(ascii: "}"))
    }
}
