import Foundation
import JSONLines

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
