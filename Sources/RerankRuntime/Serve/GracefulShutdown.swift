import Dispatch
import Foundation
import Logging

/// SIGTERM and SIGINT: stop taking input at once, cancel what is still running after a grace period
/// (its requests are then answered degraded), and cut the grace short on a second signal.
public final class GracefulShutdown: @unchecked Sendable {
    private let grace: Double
    private let logger: Logger
    private let stopInput: @Sendable () -> Void
    private let cancel: @Sendable () -> Void
    private let lock = NSLock()
    private var signalled = false

    public init(grace: Double, logger: Logger, stopInput: @escaping @Sendable () -> Void, cancel: @escaping @Sendable () -> Void) {
        self.grace = grace
        self.logger = logger
        self.stopInput = stopInput
        self.cancel = cancel
    }

    /// Whether a signal has arrived.
    public var wasSignalled: Bool { lock.withLock { signalled } }

    /// How long requests may take to end once cancelled before the process gives up on them: cancelled work
    /// answers degraded within milliseconds, and only work that never looks at cancellation takes longer.
    public static let afterCancelSeconds = 5.0

    /// Takes SIGTERM and SIGINT over from `TerminationSignals`; one that arrived while serve was starting is
    /// handled now.
    public func install() {
        TerminationSignals.shared.take { [self] number in received(number) }
    }

    private func received(_ number: Int32) {
        let first = lock.withLock { () -> Bool in
            defer { signalled = true }
            return !signalled
        }
        guard first else {
            logger.notice("second signal: answering what is in flight degraded now")
            cancel()
            return
        }
        logger.notice("signal \(number): finishing requests in flight (grace \(grace) s)")
        stopInput()
        DispatchQueue.global().asyncAfter(deadline: .now() + grace) { [cancel] in cancel() }
        // The grace is a promise to the supervisor: a request whose work never yields must not hold the
        // process past it for long.
        DispatchQueue.global().asyncAfter(deadline: .now() + grace + Self.afterCancelSeconds) { [logger] in
            logger.error("requests still running \(Self.afterCancelSeconds) s after they were cancelled; exiting without their answers")
            _exit(1)
        }
    }
}
