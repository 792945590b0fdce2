/// The one JSON writer: answer lines, request bodies and reports all come out of it, in one of three styles.
///
/// - `compact`: answer lines on one line, object members in the order written. Strings escape `"`, `\`,
///   control characters, DEL, U+2028 and U+2029 (so a line can be pasted into JavaScript as it is).
/// - `sortedKeys`: request bodies, byte for byte as `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]`
///   writes them: members sorted by their UTF-8 bytes; strings escape only `"`, `\` and control characters.
///   Caches are keyed by these bytes, so the form must never drift.
/// - `pretty`: files people open: the compact form indented by two spaces, with arrays of scalars and small
///   flat objects kept on one line.
///
/// Numbers follow the value they come from: an `OutputJSON` double prints whole values below 1e15 as integers
/// and a non-finite one as `null`; a `JSONValue` number prints whole values below 1e15 as integers; a bare
/// `Double` prints as `JSONEncoder` prints it (its `description` without a trailing `.0`) and a non-finite one
/// throws, since `JSONEncoder` would refuse it.
public struct JSONWriter: Sendable {
    /// How the text is laid out and escaped.
    public enum Style: Sendable, Hashable {
        /// One line, members in the order written: answer lines.
        case compact
        /// One line, members sorted, `JSONEncoder`'s escapes: request bodies.
        case sortedKeys
        /// Indented: reports and files people read.
        case pretty
    }

    /// A number `JSONEncoder` would refuse; the caller falls back to it for the same error.
    public struct NonFiniteNumber: Error, Sendable {}

    /// The style every value is written in.
    public let style: Style
    /// The UTF-8 text written so far.
    public internal(set) var bytes: [UInt8] = []

    /// A writer with room for `capacity` bytes before it grows.
    public init(style: Style, capacity: Int = 0) {
        self.style = style
        bytes.reserveCapacity(capacity)
    }

    /// The text written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Text that is already JSON in this writer's style (a fixed key and its colon, a separator).
    public mutating func writeVerbatim(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// `true` or `false`.
    public mutating func write(_ flag: Bool) { writeVerbatim(flag ? "true" : "false") }

    /// An integer in decimal.
    public mutating func write<Integer: BinaryInteger>(_ integer: Integer) { bytes.append(contentsOf: String(integer).utf8) }

    /// A number as `JSONEncoder` writes a `Double`: its `description` without a trailing `.0`.
    public mutating func write(_ number: Double) throws(NonFiniteNumber) {
        guard number.isFinite else { throw NonFiniteNumber() }
        var text = number.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// A string in quotes, escaped for this writer's style.
    public mutating func write(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Runs of bytes that need no escape are copied whole.
        var text = text
        text.withUTF8 { utf8 in
            if style == .sortedKeys { writeEncoderEscaped(utf8) } else { writeAnswerEscaped(utf8) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// An array whose elements are written by `writeElement`.
    public mutating func writeArray<Elements: Sequence, Failure: Error>(
        _ elements: Elements, _ writeElement: (inout JSONWriter, Elements.Element) throws(Failure) -> Void
    ) throws(Failure) {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for element in elements {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            try writeElement(&self, element)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// An object on one line whose member values are written by `writeValue`: sorted by key in the
    /// `sortedKeys` style, in the order given otherwise.
    public mutating func writeObject<Value, Failure: Error>(
        _ members: [(String, Value)], _ writeValue: (inout JSONWriter, Value) throws(Failure) -> Void
    ) throws(Failure) {
        bytes.append(UInt8(ascii: "{"))
        let ordered = style == .sortedKeys ? members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) } : members
        for (index, (key, value)) in ordered.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(key)
            bytes.append(UInt8(ascii: ":"))
            try writeValue(&self, value)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// A JSON value; its object members (which have no order of their own) are always written sorted.
    public mutating func write(_ value: JSONValue) throws(NonFiniteNumber) {
        switch value {
        case .null: writeVerbatim("null")
        case .bool(let flag): write(flag)
        case .number(let number):
            // As JSONValue encodes itself: whole numbers below 1e15 as integers.
            if number.rounded() == number, abs(number) < 1e15 { write(Int64(number)) } else { try write(number) }
        case .string(let text): write(text)
        case .array(let elements):
            try writeArray(elements) { (writer: inout JSONWriter, element: JSONValue) throws(NonFiniteNumber) in
                try writer.write(element)
            }
        case .object(let members):
            // `writeObject` sorts in the sorted-keys style; the other styles sort here.
            var pairs = members.map { ($0.key, $0.value) }
            if style != .sortedKeys { pairs.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) } }
            try writeObject(pairs) { (writer: inout JSONWriter, value: JSONValue) throws(NonFiniteNumber) in
                try writer.write(value)
            }
        }
    }

    /// An answer value: indented in the `pretty` style, on one line otherwise.
    public mutating func write(_ value: OutputJSON) {
        if style == .pretty {
            writePretty(value, indent: 0)
        } else {
            writeLine(value)
        }
    }

    mutating func writeLine(_ value: OutputJSON) {
        switch value {
        case .null: writeVerbatim("null")
        case .bool(let flag): write(flag)
        case .int(let integer): write(integer)
        case .double(let number): writeAnswerNumber(number)
        case .string(let text): write(text)
        case .array(let elements):
            writeArray(elements) { (writer: inout JSONWriter, element: OutputJSON) in writer.writeLine(element) }
        case .object(let members):
            writeObject(members) { (writer: inout JSONWriter, value: OutputJSON) in writer.writeLine(value) }
        }
    }

    private mutating func writeAnswerNumber(_ number: Double) {
        if !number.isFinite {
            writeVerbatim("null")
        } else if number.rounded() == number, abs(number) < 1e15 {
            write(Int64(number))
        } else {
            bytes.append(contentsOf: number.description.utf8)
        }
    }

    mutating func appendByte(_ byte: UInt8) { bytes.append(byte) }

    mutating func appendBytes(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[range]))
    }

    static let hexDigits = Array("0123456789abcdef".utf8)
}
