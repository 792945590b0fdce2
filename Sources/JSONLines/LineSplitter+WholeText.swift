import Foundation

extension LineSplitter {
    /// The lines of a text held whole (a TREC run, a candidate or labelled-list file, a finished output), cut by the
    /// rule the streaming splitter follows, so a file reads the same whole or streamed: a line ends at LF, a CR just
    /// before that LF (or at the very end) belongs to the ending, and a UTF-8 byte-order mark at the start is
    /// dropped. Text ending in LF has no empty line after it; blank lines inside are kept, so line numbers count them.
    ///
    /// Swift reads CRLF as one `Character`, so `split(separator: "\n")` on a string never cuts a Windows file:
    /// every reader of lines comes here instead.
    public static func lines(of text: String) -> [Substring] {
        lineRanges(text.utf8).map { Substring(text.utf8[$0]) }
    }

    /// The lines of `text`, by the same rule.
    public static func lines(of text: Substring) -> [Substring] {
        lineRanges(text.utf8).map { Substring(text.utf8[$0]) }
    }

    /// The lines of bytes held whole, by the same rule; each is a slice of `data`.
    public static func lines(of data: Data) -> [Data] {
        lineRanges(data).map { data[$0] }
    }

    /// Where each line's content lies in `bytes`, its ending left out.
    static func lineRanges<Bytes: BidirectionalCollection>(_ bytes: Bytes) -> [Range<Bytes.Index>] where Bytes.Element == UInt8 {
        var ranges: [Range<Bytes.Index>] = []
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            var end = newline
            if end > start, bytes[bytes.index(before: end)] == UInt8(ascii: "\r") { end = bytes.index(before: end) }
            ranges.append(start..<end)
            start = newline == bytes.endIndex ? newline : bytes.index(after: newline)
        }
        // As in a stream, the mark is dropped from the first line, which stays a line (empty) if nothing else is in it.
        if let first = ranges.first, bytes[first].starts(with: byteOrderMark) {
            ranges[0] = bytes.index(first.lowerBound, offsetBy: byteOrderMark.count)..<first.upperBound
        }
        return ranges
    }
}
