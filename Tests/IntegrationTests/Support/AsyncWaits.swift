import Foundation

/// Waits that do not hold a thread of Swift's cooperative pool. On two cores the pool has two threads, so a test
/// that sleeps or waits for a subprocess on one of them stalls every other async test of the run.
enum AsyncWait {
    /// Checks `condition` every 50 ms until it holds or `seconds` pass; returns whether it held.
    @discardableResult
    static func until(seconds: Double, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    static func sleep(seconds: Double) async {
        try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
    }

    /// Until `process` has exited, however long that takes (the test's own time limit bounds it).
    static func exit(of process: Process) async {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
    }
}
