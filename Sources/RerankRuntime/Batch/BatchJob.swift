import Foundation
import RerankCore

/// The production shell around a per-line function: reads a JSON Lines input, skips what the output already
/// holds, runs lines concurrently up to a limit, appends each record as one complete line as soon as it is
/// ready, shows progress on stderr and returns a summary. Killed at any moment and started again with the
/// same arguments, it finishes the rest with no record lost or written twice.
public struct BatchJob: Sendable {
    public var inputPath: String
    public var outputPath: String
    public var concurrency: Int
    public var maxLineBytes: Int
    /// The progress bar's label.
    public var label: String
    /// Draw the progress bar even when stderr is not a terminal.
    public var forceProgress: Bool
    /// `fsync` after every record.
    public var durable: Bool

    public init(
        inputPath: String, outputPath: String, concurrency: Int, maxLineBytes: Int = 1_048_576, label: String,
        forceProgress: Bool = false, durable: Bool = false
    ) {
        self.inputPath = inputPath
        self.outputPath = outputPath
        self.concurrency = concurrency
        self.maxLineBytes = maxLineBytes
        self.label = label
        self.forceProgress = forceProgress
        self.durable = durable
    }

    /// Runs `process` on every unfinished line. Throws only when the files cannot be used; a line that fails
    /// becomes an error record from `process` and the job goes on.
    public func run(_ process: @escaping @Sendable (BatchLine) async -> BatchRecord) async throws(BatchError) -> BatchSummary {
        let started = Date()
        guard !FileIdentity.same(inputPath, outputPath) else {
            throw BatchError("--input \(inputPath) and --output \(outputPath) are the same file; write the output elsewhere")
        }
        let total = try BatchInputFile.countRecords(path: inputPath)
        let input = try BatchInputFile(path: inputPath, maxLineBytes: maxLineBytes)
        let writer = try ResumableJSONLWriter(path: outputPath, durable: durable)
        defer { writer.close() }
        let tally = Tally(summary: BatchSummary())
        tally.update {
            $0.inputRecords = total
            $0.truncatedBytes = writer.truncatedBytes
        }
        let progress = ProgressBar(total: max(0, total - writer.finished.count), label: label, force: forceProgress)
        // Keys met in this pass over the input: a second line with one is a duplicate on every run, resumed or not.
        var seen: Set<BatchRecordKey> = []
        await BoundedConcurrentRunner(limit: concurrency).run(
            input,
            admit: { line in
                if tally.writeFailure != nil { return .stop }
                guard seen.insert(line.key).inserted else {
                    tally.update {
                        $0.duplicateIDs += 1
                        if $0.duplicateLines.count < BatchSummary.maxListedLines { $0.duplicateLines.append(line.number) }
                    }
                    return .skip
                }
                if writer.finished.contains(line.key) {
                    tally.update { $0.alreadyDone += 1 }
                    return .skip
                }
                return .start
            }
        ) { line in
            let record = await process(line)
            do throws(BatchError) {
                try writer.append(record.json.serialized)
            } catch {
                tally.fail(error)
                return
            }
            tally.update { summary in
                summary.done += 1
                if record.failed { summary.failed += 1 }
                summary.usage += record.usage
                for (name, count) in record.counters { summary.counters[name, default: 0] += count }
            }
            progress.advance(failed: record.failed ? 1 : 0, tokens: record.usage.totalTokens)
        }
        progress.finish()
        if let failure = tally.writeFailure { throw failure }
        return tally.update { summary in
            summary.wallSeconds = Date().timeIntervalSince(started)
            return summary
        }
    }

    /// The summary under a lock, shared by concurrent lines.
    private final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var summary: BatchSummary
        private var failure: BatchError?

        init(summary: BatchSummary) {
            self.summary = summary
        }

        @discardableResult
        func update<T>(_ change: (inout BatchSummary) -> T) -> T {
            lock.withLock { change(&summary) }
        }

        func fail(_ error: BatchError) {
            lock.withLock { if failure == nil { failure = error } }
        }

        var writeFailure: BatchError? { lock.withLock { failure } }
    }
}
