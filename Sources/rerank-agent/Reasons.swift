import ArgumentParser
import Foundation
import RerankCore
import RerankRuntime

struct Reasons: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Writes recommendation reasons for the top items of every (user, items) line of a JSON Lines file.",
        discussion: """
            Input lines: {"id", "user": {"history": [...]}, "items": [...], "count": N}, items best first. One call per \
            line asks for all reasons at once; missing, invalid or rule-breaking ones are asked for again, naming each \
            failure (--max-rounds calls at most), then listed in reasons_omitted; refused texts are in reasons_rejected. Restartable like creatives: finished ids in --output are skipped.
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

    @Option(name: .long, help: "Calls at most per line, the first included; later ones name each failure. Default: reasons.max_rounds.")
    var maxRounds: Int?

    @Flag(
        name: .long,
        help:
            "Grade every reason that passes the rules with the model as judge (fluency, faithfulness to the user and item); reject below --judge-min-grade; the grade goes into scores.judge."
    )
    var judge = false

    @Option(name: .long, help: "With --judge: the lowest grade, 0 to 3, a reason may get and be kept.")
    var judgeMinGrade = 2

    @Flag(name: .long, help: "Draw the progress bar even when stderr is not a terminal.")
    var progress = false

    func validate() throws {
        guard (1...50).contains(count) else { throw ValidationError("--count must be from 1 to 50") }
        guard maxChars >= 20 else { throw ValidationError("--max-chars must be at least 20") }
        if let maxRounds, !(1...10).contains(maxRounds) { throw ValidationError("--max-rounds must be from 1 to 10") }
        guard (0...3).contains(judgeMinGrade) else { throw ValidationError("--judge-min-grade must be from 0 to 3") }
        try FlagBounds.check(concurrency, flag: "--concurrency", key: "serve.concurrency")
    }

    func run() async throws {
        let runtime = try BatchCommandSupport.runtime(options)
        guard runtime.prompts.has("reasons") else {
            throw ExitStatus.usage.failure("reasons.mustache is missing from \(runtime.prompts.directory)")
        }
        var configuration = runtime.reasonConfiguration
        configuration.maxCharacters = maxChars
        configuration.structuredOutput = structuredOutput
        if let maxRounds { configuration.maxRounds = maxRounds }
        if judge {
            configuration.judge = TextJudge(
                client: runtime.client, model: runtime.endpoint.model, minGrade: judgeMinGrade, structuredOutput: structuredOutput)
        }
        let writer = ReasonWriter(
            client: runtime.client, prompts: runtime.prompts, model: runtime.endpoint.model, configuration: configuration)
        let decoder = RequestDecoder(limits: runtime.configuration.requestLimits, defaults: runtime.configuration.defaultOptions)
        let job = ReasonsJob(writer: writer, decoder: decoder, defaultCount: count)
        let batch = BatchJob(
            inputPath: input, outputPath: output, concurrency: concurrency ?? runtime.configuration.serve.concurrency,
            maxLineBytes: runtime.configuration.serve.maxLineBytes, label: "reasons", forceProgress: progress)
        try await runtime.checkEndpoint(command: "reasons")
        try await BatchCommandSupport.run(batch, name: "reasons", logger: runtime.logger) { await job.process($0) }
    }
}
