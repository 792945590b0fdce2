extension JSONWriter {
    /// `JSONEncoder`'s escapes: `"`, `\`, and control characters below U+0020 (`\b`, `\f`, `\n`, `\r`, `\t` by name).
    mutating func writeEncoderEscaped(_ source: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for index in 0..<source.count {
            let byte = source[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            appendBytes(source, runStart..<index)
            runStart = index + 1
            switch byte {
            case UInt8(ascii: "\""): writeVerbatim("\\\"")
            case UInt8(ascii: "\\"): writeVerbatim("\\\\")
            case 0x0A: writeVerbatim("\\n")
            case 0x0D: writeVerbatim("\\r")
            case 0x09: writeVerbatim("\\t")
            case 0x08: writeVerbatim("\\b")
            case 0x0C: writeVerbatim("\\f")
            default: writeUnicodeEscape(UInt32(byte))
            }
        }
        appendBytes(source, runStart..<source.count)
    }

    /// The answers' escapes: `"`, `\`, `\n`, `\r`, `\t` by name; other control characters, DEL, U+2028 and
    /// U+2029 as `\u` escapes.
    mutating func writeAnswerEscaped(_ source: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        var index = 0
        while index < source.count {
            let byte = source[index]
            let escapedLength: Int
            switch byte {
            case UInt8(ascii: "\""): escapedLength = 1
            case UInt8(ascii: "\\"): escapedLength = 1
            case 0..<0x20, 0x7F: escapedLength = 1
            case 0xE2
            where index + 2 < source.count && source[index + 1] == 0x80 && (source[index + 2] == 0xA8 || source[index + 2] == 0xA9):
                escapedLength = 3
            default:
                index += 1
                continue
            }
            appendBytes(source, runStart..<index)
            switch byte {
            case UInt8(ascii: "\""): writeVerbatim("\\\"")
            case UInt8(ascii: "\\"): writeVerbatim("\\\\")
            case 0x0A: writeVerbatim("\\n")
            case 0x0D: writeVerbatim("\\r")
            case 0x09: writeVerbatim("\\t")
            case 0xE2: writeVerbatim(source[index + 2] == 0xA8 ? "\\u2028" : "\\u2029")
            default: writeUnicodeEscape(UInt32(byte))
            }
            index += escapedLength
            runStart = index
        }
        appendBytes(source, runStart..<source.count)
    }

    /// `\u` and four lowercase hex digits, for a code point below U+0100.
    private mutating func writeUnicodeEscape(_ code: UInt32) {
        writeVerbatim("\\u00")
        appendByte(Self.hexDigits[Int(code >> 4)])
        appendByte(Self.hexDigits[Int(code & 0x0F)])
    }
}
