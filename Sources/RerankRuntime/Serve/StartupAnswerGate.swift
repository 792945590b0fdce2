import Foundation

/// Holds serve's answers back while the start-up endpoint check runs beside the loop, so a misconfigured
/// endpoint (401, 403, 404) ends serve with nothing written, while a signal during the check still gets every
/// line read answered: the loop never waits on the check, only its output does.
public final class StartupAnswerGate: @unchecked Sendable {
    private enum State {
        case pending([String])
        case open
        case closed
    }

    private let lock = NSLock()
    private var state = State.pending([])
    private let write: @Sendable (String) -> Bool

    public init(write: @escaping @Sendable (String) -> Bool) {
        self.write = write
    }

    /// Writes the line, or keeps it while the check is pending; false once stdout is closed or the gate shut.
    public func writeLine(_ line: String) -> Bool {
        let pass = lock.withLock { () -> Bool? in
            switch state {
            case .pending(var held):
                held.append(line)
                state = .pending(held)
                return true
            case .open:
                return nil
            case .closed:
                return false
            }
        }
        if let pass { return pass }
        return write(line)
    }

    /// The endpoint can be used (or the check could not tell): the held answers go out, in order.
    public func open() {
        lock.withLock {
            guard case .pending(let held) = state else { return }
            for line in held where !write(line) { break }
            state = .open
        }
    }

    /// The endpoint is misconfigured: nothing held or later is written.
    public func close() {
        lock.withLock { state = .closed }
    }
}
