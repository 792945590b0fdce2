import ArgumentParser
import Foundation
import Logging
import RerankCore
import RerankRuntime

/// What the batch subcommands (`rerank`, `creatives`, `reasons`) share: start-up errors as exit 64, file errors as 74,
/// input lines left without a record as 65, every line failed as 69, and the summary at the end.
enum BatchCommandSupport {
    static func runtime(_ options: CommonOptions) throws -> Runtime {
        try Runtime.start(options)
    }

    static func run(_ batch: BatchJob, name: String, logger: Logger, process: @escaping @Sendable (BatchLine) async -> BatchRecord)
        async throws
    {
        signal(SIGPIPE, SIG_IGN)
        let summary: BatchSummary
        do {
            summary = try await batch.run(process)
        } catch {
            FileHandle.standardError.write(Data("rerank-agent \(name): \(error)\n".utf8))
            throw ExitStatus.ioError.code
        }
        if summary.truncatedBytes > 0 {
            logger.notice("removed an unfinished last line from the output", metadata: ["bytes": "\(summary.truncatedBytes)"])
        }
        FileHandle.standardError.write(Data("\(name): \(summary.text)\n".utf8))
        print(summary.outputJSON.serialized)
        // Never a success while an input line has no record: 65 (EX_DATAERR) names the lines.
        if let problem = summary.missingRecordsProblem {
            FileHandle.standardError.write(Data("rerank-agent \(name): \(problem)\n".utf8))
            throw ExitStatus.dataError.code
        }
        if summary.done > 0, summary.failed + (summary.counters["degraded"] ?? 0) >= summary.done {
            FileHandle.standardError.write(
                Data(
                    "rerank-agent \(name): every one of the \(summary.done) lines failed or degraded; see their records in the output\n"
                        .utf8))
            throw ExitStatus.allLinesFailed.code
        }
    }
}
