import Foundation

/// Cuts a byte stream into lines; pure, so its edge cases are testable. A UTF-8 byte-order mark at the very
/// start of the stream (Windows exports begin with one) is dropped, so the first line parses like the others, and a
/// CR before a line's LF is part of its ending. Text held whole is cut by the same rule (`lines(of:)`).
public struct LineSplitter: Sendable {
    private let maxLineBytes: Int
    private var current = Data()
    private var overflowLength: Int?
    private var atStreamStart = true

    /// Bytes of an over-long line kept so its id can still be found.
    static let keptPrefix = 4096

    /// The UTF-8 byte-order mark a Windows export may begin with.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    public init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    /// The lines `bytes` completes; a line still open waits for the next call or `finish`.
    public mutating func feed<Bytes: Collection>(_ bytes: Bytes) -> [InputLine] where Bytes.Element == UInt8 {
        var lines: [InputLine] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                lines.append(takeLine())
            } else if let length = overflowLength {
                overflowLength = length + 1
            } else {
                current.append(byte)
                if current.count > maxLineBytes {
                    overflowLength = current.count
                    current = Data(current.prefix(Self.keptPrefix))
                }
            }
        }
        return lines
    }

    /// The last line when the stream did not end with a newline; nil when it did.
    public mutating func finish() -> InputLine? {
        guard !current.isEmpty || overflowLength != nil else { return nil }
        return takeLine()
    }

    private mutating func takeLine() -> InputLine {
        defer {
            current = Data()
            overflowLength = nil
            atStreamStart = false
        }
        if atStreamStart, current.starts(with: Self.byteOrderMark) { current.removeFirst(Self.byteOrderMark.count) }
        if let length = overflowLength {
            return .tooLong(prefix: current, length: length)
        }
        if current.last == UInt8(ascii: "\r") { current.removeLast() }
        return .line(current)
    }
}
