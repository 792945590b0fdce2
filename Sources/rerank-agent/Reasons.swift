import ArgumentParser
import Foundation
import RerankCore

struct Reasons: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Writes recommendation reasons for the top items of every (user, items) line of a JSON Lines file.",
        discussion: """
            Input lines: {"id", "user": {"history": [...]}, "items": [...], "count": N}, items best first. One call per \
            line asks for all reasons at once; missing or invalid ones are asked for once more, then listed in \
            reasons_omitted. Restartable like creatives: finished ids in --output are skipped.
            """
    )

    @OptionGroup var options: CommonOptions

    @Option(name: .long, help: "The (user, items) lines.")
    var input: String

    @Option(name: .long, help: "Where result lines are appended; existing lines mark records as done.")
    var output: String

    @Option(name: .long, help: "Reasons per line, unless a line says count.")
    var count = 3

    @Option(name: .long, help: "The longest acceptable reason, in characters.")
    var maxChars = 200

    @Option(name: .long, help: "Lines worked on at once. Default: serve.concurrency.")
    var concurrency: Int?

    @Flag(name: .long, inversion: .prefixedNo, help: "Ask for a JSON-schema-constrained answer keyed by item id.")
    var structuredOutput = true

    @Flag(name: .long, help: "Draw the progress bar even when stderr is not a terminal.")
    var progress = false

    func validate() throws {
        guard (1...50).contains(count) else { throw ValidationError("--count must be from 1 to 50") }
        guard maxChars >= 20 else { throw ValidationError("--max-chars must be at least 20") }
    }

    func run() async throws {
        let runtime = try BatchCommandSupport.runtime(options)
        guard runtime.prompts.has("reasons") else {
            FileHandle.standardError.write(Data("rerank-agent: reasons.mustache is missing from \(runtime.prompts.directory)\n".utf8))
            throw ExitCode(64)
        }
        let writer = ReasonWriter(
            client: runtime.client, prompts: runtime.prompts, model: runtime.endpoint.model,
            configuration: ReasonConfiguration(maxCharacters: maxChars, structuredOutput: structuredOutput))
        let decoder = RequestDecoder(limits: runtime.configuration.requestLimits, defaults: runtime.configuration.defaultOptions)
        let job = ReasonsJob(writer: writer, decoder: decoder, defaultCount: count)
        let batch = BatchJob(
            inputPath: input, outputPath: output, concurrency: concurrency ?? runtime.configuration.serve.concurrency,
            maxLineBytes: runtime.configuration.serve.maxLineBytes, label: "reasons", forceProgress: progress)
        try await runtime.checkEndpoint(command: "reasons")
        try await BatchCommandSupport.run(batch, name: "reasons", logger: runtime.logger) { await job.process($0) }
    }
}
