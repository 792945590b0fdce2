import Foundation
import JSONLines

/// Reads newline-separated lines from a file descriptor on a thread of its own, a bounded number ahead of
/// the consumer, without ever holding more than `maxLineBytes` of one line.
public struct FileDescriptorLines: AsyncSequence, Sendable {
    public typealias Element = InputLine
    private let fileDescriptor: Int32
    private let maxLineBytes: Int
    private let readAhead: Int
    private let ending = InputEnding()

    public init(fileDescriptor: Int32 = 0, maxLineBytes: Int, readAhead: Int = 64) {
        self.fileDescriptor = fileDescriptor
        self.maxLineBytes = maxLineBytes
        self.readAhead = readAhead
    }

    /// Ends the sequence now, as if the input had ended (on SIGTERM): lines not yet taken are not read.
    public func stop() {
        ending.finish()
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncStream<InputLine>.AsyncIterator
        let credits: ReadAheadCredits

        public mutating func next() async -> InputLine? {
            let line = await base.next()
            if line != nil { credits.give() }
            return line
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        let credits = ReadAheadCredits(readAhead)
        let (stream, continuation) = AsyncStream<InputLine>.makeStream()
        // Once the sequence has ended (input, a stop, or a consumer that went away), the reader stops waiting.
        continuation.onTermination = { _ in credits.close() }
        ending.attach(continuation)
        let descriptor = fileDescriptor
        let limit = maxLineBytes
        let thread = Thread {
            var splitter = LineSplitter(maxLineBytes: limit)
            var buffer = [UInt8](repeating: 0, count: 65_536)
            reading: while !credits.isClosed {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                for line in splitter.feed(buffer[0..<count]) {
                    guard credits.take() else { break reading }
                    continuation.yield(line)
                }
            }
            if let last = splitter.finish(), credits.take() {
                continuation.yield(last)
            }
            continuation.finish()
        }
        thread.name = "rerank-agent.stdin"
        thread.start()
        return AsyncIterator(base: stream.makeAsyncIterator(), credits: credits)
    }
}
