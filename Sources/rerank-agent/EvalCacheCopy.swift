import ArgumentParser
import Foundation
import RerankEval
import ResponseCaching

/// `rerank-agent eval cache-copy`: moves stored answers between response caches, so a long evaluation can stop on one
/// machine and continue on another without asking the endpoint again.
struct EvalCacheCopy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache-copy",
        abstract: "Copies stored answers from one response cache into another.",
        discussion: """
            Answers the destination already holds are kept. Save a run's answers apart with --since (the run's start) and \
            an empty --to file; on another machine, copy that file into the default cache and rerun: the stored answers are \
            replayed, the rest are asked.
            Example: rerank-agent eval cache-copy --from saved.sqlite   (into the default cache)
            """
    )

    @Option(name: .long, help: ArgumentHelp("The cache to copy from.", valueName: "path"))
    var from: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The cache to copy into (created when absent). Default: eval/responses.sqlite in the rerank-agent cache folder.",
            valueName: "path"))
    var to: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Copy only answers stored at or after this time, in seconds since 1970 (e.g. from 'date +%s').", valueName: "seconds"))
    var since: Double?

    func validate() throws {
        if let since, !since.isFinite { throw ValidationError("--since must be a number of seconds since 1970") }
    }

    func run() async throws {
        let destination = to ?? EvalOptions.defaultCachePath
        guard (from as NSString).standardizingPath != (destination as NSString).standardizingPath else {
            throw ExitStatus.usage.failure("--from and --to name the same cache \(from)")
        }
        do {
            let cache = try ResponseCache(path: destination)
            let copied = try await cache.copyAnswers(from: from, createdSince: since)
            let total = try await cache.count()
            print("copied \(copied) answers from \(from) into \(destination), which now holds \(total)")
        } catch let error as ResponseCacheError {
            throw ExitStatus.ioError.failure(
                "cannot copy answers: the response cache \(error.path) cannot be used (\(error.reason)); check the --from and --to paths")
        }
    }
}
