import Foundation

/// What a serve run answered, counted as answers are made, for the one-line summary on stderr at the end.
public final class ServeTally: @unchecked Sendable {
    private let lock = NSLock()
    private var answeredCount = 0
    private var degradedCount = 0
    private var errorCount = 0

    public init() {}

    /// Counts one answer: a ranking (degraded or not) or an error line.
    func count(degraded: Bool = false, error: Bool = false) {
        lock.withLock {
            answeredCount += 1
            if degraded { degradedCount += 1 }
            if error { errorCount += 1 }
        }
    }

    /// Answers made, those that kept the upstream order because the model failed, and error lines.
    public var counts: (answered: Int, degraded: Int, errors: Int) {
        lock.withLock { (answeredCount, degradedCount, errorCount) }
    }

    /// `12 answered, 1 degraded, 0 errors`.
    public var summary: String {
        let (answered, degraded, errors) = counts
        return "\(answered) answered, \(degraded) degraded, \(errors) errors"
    }
}
