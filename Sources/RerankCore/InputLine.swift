import Foundation

/// One line of input, or the sign that a line was too long to keep.
public enum InputLine: Sendable, Hashable {
    case line(Data)
    /// The first bytes of an over-long line (enough to find its id) and its full length.
    case tooLong(prefix: Data, length: Int)
}

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
        let credits: DispatchSemaphore

        public mutating func next() async -> InputLine? {
            let line = await base.next()
            if line != nil { credits.signal() }
            return line
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        let credits = DispatchSemaphore(value: readAhead)
        let (stream, continuation) = AsyncStream<InputLine>.makeStream()
        ending.attach(continuation)
        let descriptor = fileDescriptor
        let limit = maxLineBytes
        let thread = Thread {
            var splitter = LineSplitter(maxLineBytes: limit)
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                for line in splitter.feed(buffer[0..<count]) {
                    credits.wait()
                    continuation.yield(line)
                }
            }
            if let last = splitter.finish() {
                credits.wait()
                continuation.yield(last)
            }
            continuation.finish()
        }
        thread.name = "rerank-agent.stdin"
        thread.start()
        return AsyncIterator(base: stream.makeAsyncIterator(), credits: credits)
    }
}

/// Lets a signal handler end a line sequence from outside.
final class InputEnding: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: AsyncStream<InputLine>.Continuation?
    private var finished = false

    func attach(_ continuation: AsyncStream<InputLine>.Continuation) {
        let finishNow = lock.withLock { () -> Bool in
            self.continuation = continuation
            return finished
        }
        if finishNow { continuation.finish() }
    }

    func finish() {
        let continuation = lock.withLock { () -> AsyncStream<InputLine>.Continuation? in
            finished = true
            return self.continuation
        }
        continuation?.finish()
    }
}

/// Cuts a byte stream into lines; pure, so its edge cases are testable. A UTF-8 byte-order mark at the very
/// start of the stream (Windows exports begin with one) is dropped, so the first line parses like the others.
public struct LineSplitter: Sendable {
    private let maxLineBytes: Int
    private var current = Data()
    private var overflowLength: Int?
    private var atStreamStart = true

    /// Bytes of an over-long line kept so its id can still be found.
    static let keptPrefix = 4096

    public init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

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
        if atStreamStart, current.starts(with: [0xEF, 0xBB, 0xBF]) { current.removeFirst(3) }
        if let length = overflowLength {
            return .tooLong(prefix: current, length: length)
        }
        if current.last == UInt8(ascii: "\r") { current.removeLast() }
        return .line(current)
    }
}
