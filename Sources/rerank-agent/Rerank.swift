import ArgumentParser
import Foundation
import RerankCore
import RerankRuntime

struct Rerank: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reranks every request line of a JSON Lines file, writing the answers serve would write.",
        discussion: """
            Input lines are serve's request lines; output lines are serve's answer lines (or error records for \
            lines that cannot be ranked), appended as each is ready, so not in input order. Restartable like \
            reasons and creatives: ids already in --output are skipped, a cut-off last line is removed, and the \
            output is locked against a second job. The summary goes to stderr as a line and to stdout as JSON.
            """
    )

    @OptionGroup var options: CommonOptions

    @Option(name: .long, help: "The request lines.")
    var input: String

    @Option(name: .long, help: "Where answer lines are appended; existing lines mark requests as done.")
    var output: String

    @Option(name: .long, help: "Requests ranked at once. Default: serve.concurrency.")
    var concurrency: Int?

    @Flag(name: .long, help: "Return the rendered prompts and raw model outputs with every answer.")
    var explain = false

    @Option(name: .long, help: "A SQLite response cache (as eval's --cache): successful calls are stored and answered from it.")
    var responseCache: String?

    @Flag(name: .long, help: "Draw the progress bar even when stderr is not a terminal.")
    var progress = false

    @Flag(name: .long, help: "fsync the output after every line (survives power loss, not only a killed process).")
    var durable = false

    func validate() throws {
        try FlagBounds.check(concurrency, flag: "--concurrency", key: "serve.concurrency")
    }

    func run() async throws {
        let runtime = try BatchCommandSupport.runtime(options)
        try await runtime.checkEndpoint(command: "rerank")
        var defaults = runtime.configuration.defaultOptions
        defaults.explain = explain
        let job = RerankJob(
            decoder: RequestDecoder(limits: runtime.configuration.requestLimits, defaults: defaults),
            service: try runtime.service(responseCache: responseCache))
        let batch = BatchJob(
            inputPath: input, outputPath: output, concurrency: concurrency ?? runtime.configuration.serve.concurrency,
            maxLineBytes: runtime.configuration.serve.maxLineBytes, label: "rerank", forceProgress: progress, durable: durable)
        try await BatchCommandSupport.run(batch, name: "rerank", logger: runtime.logger) { await job.process($0) }
    }
}
