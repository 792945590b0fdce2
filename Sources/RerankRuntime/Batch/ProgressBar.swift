import Foundation
import LLMClient

/// A one-line progress bar on stderr for batch jobs: items done, rate, ETA and tokens so far.
/// Redraws at most a few times a second, and only when stderr is a terminal unless forced.
public final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let label: String
    private let started = Date()
    private let lock = NSLock()
    private let enabled: Bool
    private var done = 0
    private var failed = 0
    private var tokens = 0
    private var lastDraw = Date.distantPast

    /// - Parameter force: draw even when stderr is not a terminal (logs then get one line per redraw).
    public init(total: Int, label: String, force: Bool = false) {
        self.total = max(0, total)
        self.label = label
        self.enabled = force || isatty(2) == 1
    }

    /// Records finished items and the tokens they used.
    public func advance(by count: Int = 1, failed failures: Int = 0, tokens used: Int = 0) {
        let line: String? = lock.withLock {
            done += count
            failed += failures
            tokens = tokens.saturatingAdding(used)
            let now = Date()
            guard enabled, now.timeIntervalSince(lastDraw) >= 0.2 || done >= total else { return nil }
            lastDraw = now
            return render(now: now)
        }
        if let line { FileHandle.standardError.write(Data(("\r" + line).utf8)) }
    }

    /// Draws the final state and ends the line.
    public func finish() {
        let line = lock.withLock { render(now: Date()) }
        if enabled { FileHandle.standardError.write(Data(("\r" + line + "\n").utf8)) }
    }

    public var snapshot: (done: Int, failed: Int, tokens: Int, seconds: Double) {
        lock.withLock { (done, failed, tokens, Date().timeIntervalSince(started)) }
    }

    private func render(now: Date) -> String {
        let elapsed = max(0.001, now.timeIntervalSince(started))
        let rate = Double(done) / elapsed
        let remaining = rate > 0 ? Double(max(0, total - done)) / rate : 0
        let width = 24
        let filled = total > 0 ? min(width, done * width / total) : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        var text = "\(label) [\(bar)] \(done)/\(total)"
        if failed > 0 { text += " (\(failed) failed)" }
        text += String(format: "  %.2f/s  ETA %@  %d tokens", rate, Self.duration(remaining), tokens)
        return text
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600
            ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
            : String(format: "%d:%02d", total / 60, total % 60)
    }
}
