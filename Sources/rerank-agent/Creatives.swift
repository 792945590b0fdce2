import ArgumentParser
import Foundation
import RerankCore
import RerankRuntime

struct Creatives: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Writes ad creatives for every ad of a JSON Lines file, checked against editorial rules, and appends one result line per ad.",
        discussion: """
            Restart a killed job with the same arguments: ads already in --output are skipped, a cut-off last line \
            is removed and redone. A summary goes to stderr, and as JSON to stdout. Exit status: 0 when every line \
            got a record (error records included), 64 for a configuration error, 74 when a file cannot be used.
            """
    )

    @OptionGroup var options: CommonOptions

    @Option(name: .long, help: "The ads, one JSON object per line.")
    var input: String

    @Option(name: .long, help: "Where result lines are appended; existing lines mark ads as done.")
    var output: String

    @Option(name: .long, help: "Ads worked on at once. Default: serve.concurrency.")
    var concurrency: Int?

    @Option(name: .long, help: "Creatives to return per ad, unless a line's constraints say otherwise.")
    var count: Int?

    @Option(name: .long, help: "Creatives asked for per round (best-of-n).")
    var candidates: Int?

    @Option(name: .long, help: "Headline limit in characters; CJK characters count 2.")
    var headlineMaxChars: Int?

    @Option(name: .long, help: "Description limit in characters; CJK characters count 2.")
    var descriptionMaxChars: Int?

    @Option(name: .long, help: "Generation rounds at most; failures are named in the next round.")
    var maxRounds: Int?

    @Option(name: .long, parsing: .singleValue, help: "A term no creative may use (whole word, any case). Repeatable.")
    var bannedTerm: [String] = []

    @Option(name: .long, parsing: .singleValue, help: "A term every creative must contain. Repeatable.")
    var requiredTerm: [String] = []

    @Option(name: .long, help: "Sampling temperature for writing.")
    var temperature: Double?

    @Flag(name: .long, inversion: .prefixedNo, help: "Ask for a JSON-schema-constrained answer (llama.cpp, vLLM, OpenAI).")
    var structuredOutput = true

    @Flag(
        name: .long,
        help:
            "Grade every creative that passes the rules with the model as judge (fluency, faithfulness to the product); reject below --judge-min-grade; the grade goes into scores.judge."
    )
    var judge = false

    @Option(name: .long, help: "With --judge: the lowest grade, 0 to 3, a creative may get and be kept.")
    var judgeMinGrade = 2

    @Flag(name: .long, help: "Draw the progress bar even when stderr is not a terminal.")
    var progress = false

    @Flag(name: .long, help: "fsync the output after every line (survives power loss, not only a killed process).")
    var durable = false

    func validate() throws {
        for value in [count, candidates, headlineMaxChars, descriptionMaxChars].compactMap({ $0 }) where value < 1 {
            throw ValidationError("--count, --candidates and the length limits must be at least 1")
        }
        if let maxRounds, !(1...10).contains(maxRounds) { throw ValidationError("--max-rounds must be from 1 to 10") }
        if !(0...3).contains(judgeMinGrade) { throw ValidationError("--judge-min-grade must be from 0 to 3") }
        try FlagBounds.check(concurrency, flag: "--concurrency", key: "serve.concurrency")
        try FlagBounds.check(count, flag: "--count", key: "creatives.count")
        try FlagBounds.check(candidates, flag: "--candidates", key: "creatives.candidates")
        try FlagBounds.check(headlineMaxChars, flag: "--headline-max-chars", key: "creatives.headline_max_chars")
        try FlagBounds.check(descriptionMaxChars, flag: "--description-max-chars", key: "creatives.description_max_chars")
    }

    func run() async throws {
        let runtime = try BatchCommandSupport.runtime(options)
        guard let promptsDirectory = runtime.configuration.promptsDirectory ?? Installation().promptsDirectory else {
            throw ValidationError("cannot find the Prompts folder; set prompts.directory or RERANK_AGENT_HOME")
        }
        let prompt: CreativePrompt
        do {
            prompt = try CreativePrompt(promptsDirectory: promptsDirectory)
        } catch {
            throw ExitStatus.usage.failure("\(error)")
        }
        // Flags, then the configuration's creatives section; each ad line's constraints override both.
        let configured = runtime.configuration.creatives
        let defaults = CreativeConstraints(
            count: count ?? configured.count, candidates: candidates ?? configured.candidates,
            headlineMaxChars: headlineMaxChars ?? configured.headlineMaxChars,
            descriptionMaxChars: descriptionMaxChars ?? configured.descriptionMaxChars,
            bannedTerms: configured.bannedTerms + bannedTerm, requiredTerms: configured.requiredTerms + requiredTerm,
            maxRounds: maxRounds ?? configured.maxRounds, textRules: try runtime.configuration.creativeTextRules())
        let writer = CreativeWriter(
            client: runtime.client, prompt: prompt, model: runtime.endpoint.model, temperature: temperature ?? configured.temperature,
            seed: runtime.configuration.rerank.seed, choice: CreativeChoice(weights: runtime.configuration.reward.weights),
            structuredOutput: structuredOutput,
            judge: judge
                ? TextJudge(
                    client: runtime.client, model: runtime.endpoint.model, minGrade: judgeMinGrade, structuredOutput: structuredOutput)
                : nil)
        let job = CreativeJob(decoder: AdRequestDecoder(defaults: defaults, limits: runtime.configuration.requestLimits), writer: writer)
        let batch = BatchJob(
            inputPath: input, outputPath: output, concurrency: concurrency ?? runtime.configuration.serve.concurrency,
            maxLineBytes: runtime.configuration.serve.maxLineBytes, label: "creatives", forceProgress: progress, durable: durable)
        try await runtime.checkEndpoint(command: "creatives")
        try await BatchCommandSupport.run(batch, name: "creatives", logger: runtime.logger) { await job.process($0) }
    }
}
