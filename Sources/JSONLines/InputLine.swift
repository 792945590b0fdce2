import Foundation

/// One line of input, or the sign that a line was too long to keep.
public enum InputLine: Sendable, Hashable {
    case line(Data)
    /// The first bytes of an over-long line (enough to find its id) and its full length.
    case tooLong(prefix: Data, length: Int)
}
