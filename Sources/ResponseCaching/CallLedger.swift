import Foundation

/// The calls made while ranking one list, collected through a task-local so the harness can attribute endpoint
/// time and cache use to a list even though the ranking service does not report them call by call.
public final class CallLedger: @unchecked Sendable {
    /// One chat call as the harness saw it.
    public struct Entry: Sendable, Hashable {
        /// The call's latency when it was made (replayed from the cache on a hit).
        public var latencySeconds: Double
        /// Answered without an endpoint call.
        public var fromCache: Bool
        public var failed: Bool
    }

    /// The ledger of the list being ranked in this task, if any.
    @TaskLocal public static var current: CallLedger?

    private let lock = NSLock()
    private var recorded: [Entry] = []

    public init() {}

    /// Adds one call; safe from any task.
    public func record(_ entry: Entry) {
        lock.withLock { recorded.append(entry) }
    }

    /// The calls recorded so far, in the order they finished.
    public var entries: [Entry] {
        lock.withLock { recorded }
    }
}
