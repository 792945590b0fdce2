import ArgumentParser
import Foundation
import Logging
import RerankCore

/// What the batch subcommands (`rerank`, `creatives`, `reasons`) share: start-up errors as exit 64, file errors as 74,
/// and the summary at the end.
enum BatchCommandSupport {
    static func runtime(_ options: CommonOptions) throws -> Runtime {
        try Runtime.start(options)
    }

    static func run(_ batch: BatchJob, name: String, logger: Logger, process: @escaping @Sendable (BatchLine) async -> BatchRecord) async throws {
        signal(SIGPIPE, SIG_IGN)
        let summary: BatchSummary
        do {
            summary = try await batch.run(process)
        } catch {
            FileHandle.standardError.write(Data("rerank-agent \(name): \(error)\n".utf8))
            throw ExitCode(74)
        }
        if summary.truncatedBytes > 0 {
            logger.notice("removed an unfinished last line from the output", metadata: ["bytes": "\(summary.truncatedBytes)"])
        }
        FileHandle.standardError.write(Data("\(name): \(summary.text)\n".utf8))
        print(summary.outputJSON.serialized)
    }
}
