import Dispatch
import Foundation

/// Where the signal handler writes: a non-blocking pipe, the one thing an async-signal-safe handler may touch.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// The handler for SIGTERM and SIGINT: it writes the signal's number to the pipe and does nothing else.
private func recordSignal(_ number: Int32) {
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(signalPipeWriteEnd, &byte, 1)
}

/// SIGTERM and SIGINT for the whole process, caught from its first instruction until a command says what they
/// mean. A supervisor may stop a process a few milliseconds after starting it: a signal that arrives while the
/// configuration and prompts load must reach the command's own shutdown (answer, then exit 0), not end the
/// process by the signal with nothing written.
///
/// A handler on every thread writes the signal to a pipe (the self-pipe pattern: it holds whatever thread the
/// kernel picks, whatever that thread's mask), and one reader thread acts on it. Until a command takes the
/// signals over they wait; a command that does not take them (`release()`) ends by the signal as usual, and one
/// that arrived early is acted on then.
public final class TerminationSignals: @unchecked Sendable {
    /// The one instance: signal dispositions belong to the process.
    public static let shared = TerminationSignals()

    private enum Route {
        /// Not decided yet: signals wait in `pending`.
        case holding
        /// A command's handler.
        case handled(@Sendable (Int32) -> Void)
        /// What the process would have done without a handler.
        case standard
    }

    private let lock = NSLock()
    private var route = Route.holding
    private var pending: [Int32] = []
    private var installed = false
    /// Signals the process was started with ignored (a background job of a non-interactive shell): the
    /// standard route keeps ignoring them.
    private var inheritedIgnored: Set<Int32> = []

    public static let numbers: [Int32] = [SIGTERM, SIGINT]

    private init() {}

    /// Catches both signals from now on. Call it first thing, before the command line is even parsed.
    public func hold() {
        let fresh = lock.withLock { () -> Bool in
            defer { installed = true }
            return !installed
        }
        guard fresh else { return }
        // A parent may start us with the signals blocked (posix_spawn passes on the calling thread's mask, and a
        // libdispatch worker blocks nearly all): this thread, and the reader started from it, must not.
        Self.unblock(Self.numbers)
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        // The handler must never block, whatever the reader is doing.
        _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        signalPipeWriteEnd = ends[1]
        let readEnd = ends[0]
        let reader = Thread { [self] in
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 {
                    received(Int32(byte))
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
        reader.name = "termination-signals"
        reader.start()
        for number in Self.numbers {
            var previous = sigaction()
            if sigaction(number, nil, &previous) == 0, Self.isIgnored(previous) {
                lock.withLock { _ = inheritedIgnored.insert(number) }
            }
            var action = sigaction()
            Self.setHandler(&action, recordSignal)
            sigemptyset(&action.sa_mask)
            // Interrupted reads and writes resume by themselves.
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }

    /// From now on every signal goes to `handler` (on the reader thread), those that came early first.
    public func take(_ handler: @escaping @Sendable (Int32) -> Void) {
        let early = lock.withLock { () -> [Int32] in
            route = .handled(handler)
            defer { pending = [] }
            return pending
        }
        for number in early { handler(number) }
    }

    /// The command does not handle the signals: they act as they would have without a handler, an early one now.
    public func release() {
        let early = lock.withLock { () -> Int32? in
            route = .standard
            return pending.first
        }
        if let early { actStandard(early) }
    }

    private func received(_ number: Int32) {
        let action = lock.withLock { () -> Route in
            if case .holding = route { pending.append(number) }
            return route
        }
        switch action {
        case .holding: break
        case .handled(let handler): handler(number)
        case .standard: actStandard(number)
        }
    }

    /// Ends the process by `number` as the default action would, unless it was started with the signal ignored.
    private func actStandard(_ number: Int32) {
        guard !lock.withLock({ inheritedIgnored.contains(number) }) else { return }
        signal(number, SIG_DFL)
        // Raised on this thread, so it must not block it.
        Self.unblock([number])
        raise(number)
    }

    private static func unblock(_ numbers: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for number in numbers { sigaddset(&set, number) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    private static func setHandler(_ action: inout sigaction, _ handler: @escaping @convention(c) (Int32) -> Void) {
        #if os(Linux)
            action.__sigaction_handler.sa_handler = handler
        #else
            action.__sigaction_u.__sa_handler = handler
        #endif
    }

    private static func isIgnored(_ action: sigaction) -> Bool {
        #if os(Linux)
            let handler = action.__sigaction_handler.sa_handler
        #else
            let handler = action.__sigaction_u.__sa_handler
        #endif
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }
}
