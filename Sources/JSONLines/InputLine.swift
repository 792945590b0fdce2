import Foundation

/// One line of input, or the sign that a line was too long to keep.
public enum InputLine: Sendable, Hashable {
    case line(Data)
    /// The first bytes of an over-long line (enough to find its id) and its full length.
    case tooLong(prefix: Data, length: Int)
}

extension InputLine {
    /// Spaces, tabs and a CR only: skipped, never answered.
    public var isBlank: Bool {
        guard case .line(let data) = self else { return false }
        return data.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
