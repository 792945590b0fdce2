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
