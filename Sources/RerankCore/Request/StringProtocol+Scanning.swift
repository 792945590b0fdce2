extension StringProtocol {
    /// Without leading and trailing white space and newlines; Foundation's trimming bridges through NSString,
    /// which dominated prompt rendering.
    func trimmingWhitespace() -> SubSequence {
        // Text that starts and ends with printable ASCII, nearly all of it, needs no look at its characters.
        if let first = utf8.first, Self.isPrintableASCII(first),
            Self.isPrintableASCII(utf8[utf8.index(utf8.startIndex, offsetBy: utf8.count - 1)])
        {
            return self[...]
        }
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }

    private static func isPrintableASCII(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
}

extension StringProtocol {
    /// False when no byte can start a control character, a line break or U+2028/U+2029: a byte scan that lets
    /// nearly all titles and values skip the per-character work of cleaning them.
    var mayHoldControlCharacters: Bool {
        utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }
    }
}
