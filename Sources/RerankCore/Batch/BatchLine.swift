import Foundation
import JSONLines

/// One non-blank line of a batch input file, with its 1-based line number and the key that marks it finished.
public struct BatchLine: Sendable, Hashable {
    public var number: Int
    public var content: InputLine
    public var key: BatchRecordKey

    public init(number: Int, content: InputLine) {
        self.number = number
        self.content = content
        switch content {
        case .line(let data): key = BatchRecordKey.ofInput(data, lineNumber: number)
        case .tooLong: key = .line(number)
        }
    }
}
