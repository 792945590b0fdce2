import Foundation
import RerankCore

/// A JSON Lines input file read as a stream of `BatchLine`s (blank lines skipped), never holding more than
/// `maxLineBytes` of one line; over-long lines come through as `.tooLong` so they get an error record.
public struct BatchInputFile: AsyncSequence, Sendable {
    public typealias Element = BatchLine
    public let path: String
    private let descriptor: Int32
    private let maxLineBytes: Int

    /// Opens `path`; the file stays open for the life of the process, like stdin.
    public init(path: String, maxLineBytes: Int) throws(BatchError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw BatchError("cannot open the input \(path): \(String(cString: strerror(errno)))")
        }
        self.path = path
        self.descriptor = descriptor
        self.maxLineBytes = maxLineBytes
    }

    /// Non-blank lines in the file, counted in one pass, for the progress bar's total.
    public static func countRecords(path: String) throws(BatchError) -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BatchError("cannot open the input \(path); check the --input path")
        }
        defer { try? handle.close() }
        var count = 0
        var lineHasContent = false
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw BatchError("cannot read the input \(path): \(error)")
            }
            if chunk.isEmpty { break }
            for byte in chunk {
                if byte == UInt8(ascii: "\n") {
                    if lineHasContent { count += 1 }
                    lineHasContent = false
                } else if byte != 0x20 && byte != 0x09 && byte != 0x0D {
                    lineHasContent = true
                }
            }
        }
        return count + (lineHasContent ? 1 : 0)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var lines: FileDescriptorLines.AsyncIterator
        var number = 0

        public mutating func next() async -> BatchLine? {
            while let line = await lines.next() {
                number += 1
                if case .line(let data) = line, data.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                return BatchLine(number: number, content: line)
            }
            return nil
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(lines: FileDescriptorLines(fileDescriptor: descriptor, maxLineBytes: maxLineBytes).makeAsyncIterator())
    }
}
