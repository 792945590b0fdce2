import Foundation

/// The tasks a shutdown must cancel, collected as they start: a signal can arrive before the last of them
/// exists, and a task added after the cancellation is cancelled at once. A long-running server removes each
/// task once it has ended, so the collection holds only what is in flight.
public final class CancellableTasks: @unchecked Sendable {
    private let lock = NSLock()
    private var cancels: [Int: @Sendable () -> Void] = [:]
    private var nextKey = 0
    private var cancelled = false

    public init() {}

    /// Adds `task`; the key it returns removes it again.
    @discardableResult
    public func add<Success, Failure>(_ task: Task<Success, Failure>) -> Int {
        let (key, now) = lock.withLock { () -> (Int, Bool) in
            defer { nextKey += 1 }
            if !cancelled { cancels[nextKey] = { task.cancel() } }
            return (nextKey, cancelled)
        }
        if now { task.cancel() }
        return key
    }

    /// Forgets the task added under `key`: it has ended.
    public func remove(_ key: Int) {
        _ = lock.withLock { cancels.removeValue(forKey: key) }
    }

    /// Whether `cancelAll` has run: work started from now on is cancelled as it is added.
    public var isCancelled: Bool { lock.withLock { cancelled } }

    public func cancelAll() {
        let pending = lock.withLock { () -> [@Sendable () -> Void] in
            cancelled = true
            defer { cancels.removeAll() }
            return Array(cancels.values)
        }
        for cancel in pending { cancel() }
    }
}
