/// At most `limit` operations at once; the rest wait in arrival order. Waiters that are cancelled leave the queue.
public actor ConcurrencyLimiter {
    private let limit: Int
    private var inUse = 0
    private var waiters: [(id: Int, continuation: CheckedContinuation<Void, Error>)] = []
    private var nextWaiterID = 0

    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    public func withPermit<T: Sendable>(_ operation: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await operation()
    }

    /// Waits for a permit; throws `CancellationError` if the task is cancelled while waiting.
    public func acquire() async throws {
        if inUse < limit {
            inUse += 1
            return
        }
        let id = nextWaiterID
        nextWaiterID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    /// Returns `count` permits.
    public func release(count: Int = 1) {
        for _ in 0..<count {
            if waiters.isEmpty {
                inUse -= 1
            } else {
                // The permit passes straight to the next waiter.
                waiters.removeFirst().continuation.resume()
            }
        }
    }
}
