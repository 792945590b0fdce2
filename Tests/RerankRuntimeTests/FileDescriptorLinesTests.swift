import Foundation
import JSONLines
import Testing

@testable import RerankRuntime

/// The stdin reader: bounded read-ahead, and an early end (a signal, a refused endpoint) that leaves lines read but
/// never taken must neither trap nor keep the reader thread waiting.
@Suite("Reading lines from a file descriptor")
struct FileDescriptorLinesTests {
    /// A pipe holding `count` lines, its write end closed: the reader sees them and then the end of input.
    private func pipe(lines count: Int) throws -> Int32 {
        var ends: [Int32] = [0, 0]
        try #require(Foundation.pipe(&ends) == 0)
        let text = (0..<count).map { #"{"id":"r\#($0)"}"# + "\n" }.joined()
        let written = text.utf8CString.withUnsafeBytes { write(ends[1], $0.baseAddress, text.utf8.count) }
        try #require(written == text.utf8.count)
        close(ends[1])
        return ends[0]
    }

    @Test("a sequence stopped with lines read but not taken is released cleanly")
    func stoppedWithLinesPending() async throws {
        // The read end stays open: the reader thread may outlive the test, and a descriptor number closed under
        // it could be reused by another test's file.
        let descriptor = try pipe(lines: 10)
        let lines = FileDescriptorLines(fileDescriptor: descriptor, maxLineBytes: 1_024)
        var iterator: FileDescriptorLines.AsyncIterator? = lines.makeAsyncIterator()
        let first = await iterator?.next()
        let second = await iterator?.next()
        #expect(first == .line(Data(#"{"id":"r0"}"#.utf8)) && second == .line(Data(#"{"id":"r1"}"#.utf8)))
        // Time for the reader thread to read the other eight lines, hand them over and reach the end of input.
        try await Task.sleep(for: .milliseconds(300))
        lines.stop()
        // A line handed over before the stop may still come, and only the next one in order.
        let afterStop = await iterator?.next()
        #expect(afterStop == nil || afterStop == .line(Data(#"{"id":"r2"}"#.utf8)))
        // Dropping the iterator releases the read-ahead credits with lines still owed: this once trapped.
        iterator = nil
        #expect(iterator == nil)
    }

    @Test("a stop before the first line is read ends the sequence with nothing")
    func stoppedBeforeReading() async throws {
        var ends: [Int32] = [0, 0]
        try #require(Foundation.pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        let lines = FileDescriptorLines(fileDescriptor: ends[0], maxLineBytes: 1_024)
        lines.stop()
        var seen = 0
        for await _ in lines { seen += 1 }
        #expect(seen == 0)
    }

    @Test("a sequence read to its end yields every line in order, the last one without a newline too")
    func readsEverything() async throws {
        var ends: [Int32] = [0, 0]
        try #require(Foundation.pipe(&ends) == 0)
        defer { close(ends[0]) }
        let text = "a\n\nb\nlast"
        _ = text.withCString { write(ends[1], $0, text.utf8.count) }
        close(ends[1])
        var seen: [InputLine] = []
        for await line in FileDescriptorLines(fileDescriptor: ends[0], maxLineBytes: 1_024, readAhead: 1) {
            seen.append(line)
        }
        #expect(seen == [.line(Data("a".utf8)), .line(Data()), .line(Data("b".utf8)), .line(Data("last".utf8))])
    }

    @Test("credits bound the reader: a taker waits for a credit given back, and closing wakes it with a refusal")
    func creditsBoundAndClose() async throws {
        let credits = ReadAheadCredits(1)
        #expect(credits.take())
        let outcomes = OutcomeBox()
        let waiter = Thread {
            outcomes.append(credits.take())
            outcomes.append(credits.take())
        }
        waiter.start()
        try await Task.sleep(for: .milliseconds(200))
        #expect(outcomes.values.isEmpty, "a take with no credit left must wait")
        credits.give()
        try await outcomes.waitForCount(1)
        try await Task.sleep(for: .milliseconds(200))
        #expect(outcomes.values == [true], "the credit given back lets exactly one take through")
        credits.close()
        try await outcomes.waitForCount(2)
        #expect(outcomes.values == [true, false], "closing wakes the waiting reader with a refusal")
        #expect(!credits.take(), "once closed, every take is refused")
    }
}

/// Outcomes recorded from another thread.
private final class OutcomeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Bool] = []
    var values: [Bool] { lock.withLock { stored } }
    func append(_ value: Bool) { lock.withLock { stored.append(value) } }

    /// Waits until `count` outcomes are in, for at most ten seconds (a loaded machine schedules threads late).
    func waitForCount(_ count: Int) async throws {
        for _ in 0..<1_000 where values.count < count {
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
