import Foundation
import LLMClient

/// What the HTTP face knows about itself that every request reads: whether the endpoint passed the start-up
/// check, whether a signal has started the drain, and how many requests are admitted against the bound.
final class HTTPServeState: @unchecked Sendable {
    private let lock = NSLock()
    private let maxInFlight: Int
    private var admitted = 0
    private var draining = false
    private var check: StartupCheck?

    init(maxInFlight: Int) {
        self.maxInFlight = max(1, maxInFlight)
    }

    /// Takes one of the in-flight places; false when all are taken (the caller answers 429).
    func admit() -> Bool {
        lock.withLock {
            guard admitted < maxInFlight else { return false }
            admitted += 1
            return true
        }
    }

    /// Gives an admitted request's place back.
    func leave() {
        lock.withLock { admitted -= 1 }
    }

    /// A signal arrived: new requests are answered 503 from now on.
    func startDraining() {
        lock.withLock { draining = true }
    }

    var isDraining: Bool { lock.withLock { draining } }

    /// The start-up check's finding; nil while it runs.
    var startupCheck: StartupCheck? {
        get { lock.withLock { check } }
        set { lock.withLock { check = newValue } }
    }
}
