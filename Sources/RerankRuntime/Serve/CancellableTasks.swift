import Foundation

/// The tasks a shutdown must cancel, collected as they start: a signal can arrive before the last of them
/// exists, and a task added after the cancellation is cancelled at once.
public final class CancellableTasks: @unchecked Sendable {
    private let lock = NSLock()
    private var cancels: [@Sendable () -> Void] = []
    private var cancelled = false

    public init() {}

    public func add<Success, Failure>(_ task: Task<Success, Failure>) {
        let now = lock.withLock { () -> Bool in
            if !cancelled { cancels.append { task.cancel() } }
            return cancelled
        }
        if now { task.cancel() }
    }

    public func cancelAll() {
        let pending = lock.withLock { () -> [@Sendable () -> Void] in
            cancelled = true
            defer { cancels.removeAll() }
            return cancels
        }
        for cancel in pending { cancel() }
    }
}
