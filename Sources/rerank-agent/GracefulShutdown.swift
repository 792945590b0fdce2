import Dispatch
import Foundation
import Logging

/// SIGTERM and SIGINT: stop taking input at once, cancel what is still running after a grace period
/// (its requests are then answered degraded), and cut the grace short on a second signal.
final class GracefulShutdown: @unchecked Sendable {
    private let grace: Double
    private let logger: Logger
    private let stopInput: @Sendable () -> Void
    private let cancel: @Sendable () -> Void
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var signalled = false

    init(grace: Double, logger: Logger, stopInput: @escaping @Sendable () -> Void, cancel: @escaping @Sendable () -> Void) {
        self.grace = grace
        self.logger = logger
        self.stopInput = stopInput
        self.cancel = cancel
    }

    /// Whether a signal has arrived.
    var wasSignalled: Bool { lock.withLock { signalled } }

    func install() {
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in received(number) }
            source.resume()
            sources.append(source)
        }
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
    }
}
