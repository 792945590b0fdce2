import Foundation

/// How many lines the reader thread may hand over before the consumer takes them.
///
/// A counter under a condition rather than a `DispatchSemaphore`: libdispatch traps when a semaphore is released
/// with fewer credits than it started with, and that is exactly the state a sequence ended early (a signal, a
/// misconfigured endpoint) leaves behind: lines read and handed over that nobody will take.
final class ReadAheadCredits: @unchecked Sendable {
    private let condition = NSCondition()
    private var available: Int
    private var closed = false

    init(_ credits: Int) {
        available = max(1, credits)
    }

    /// Whether the consumer is gone: the reader reads nothing more.
    var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return closed
    }

    /// Waits for a credit and takes it; false once the consumer is gone, so the reader stops.
    func take() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while available == 0 && !closed { condition.wait() }
        guard !closed else { return false }
        available -= 1
        return true
    }

    /// Gives one credit back: the consumer took a line.
    func give() {
        condition.lock()
        available += 1
        condition.signal()
        condition.unlock()
    }

    /// Wakes the reader for good: nothing more will be taken.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
