import ArgumentParser
import Foundation
import RerankCore

struct Creatives: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Writes ad creatives for every ad of a JSON Lines file, checked against editorial rules, and appends one result line per ad.",
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
    var count = 5

    @Option(name: .long, help: "Creatives asked for per round (best-of-n).")
    var candidates = 8

    @Option(name: .long, help: "Headline limit in characters; CJK characters count 2.")
    var headlineMaxChars = 30

    @Option(name: .long, help: "Description limit in characters; CJK characters count 2.")
    var descriptionMaxChars = 90

    @Option(name: .long, help: "Generation rounds at most; failures are named in the next round.")
    var maxRounds = 3

    @Option(name: .long, parsing: .singleValue, help: "A term no creative may use (whole word, any case). Repeatable.")
    var bannedTerm: [String] = []

    @Option(name: .long, parsing: .singleValue, help: "A term every creative must contain. Repeatable.")
    var requiredTerm: [String] = []

    @Option(name: .long, help: "MMR trade-off between relevance (1) and variety (0) when choosing among survivors.")
    var lambda = 0.7

    @Option(name: .long, help: "Sampling temperature for writing.")
    var temperature = 0.8

    @Flag(name: .long, inversion: .prefixedNo, help: "Ask for a JSON-schema-constrained answer (llama.cpp, vLLM, OpenAI).")
    var structuredOutput = true

    @Flag(name: .long, help: "Draw the progress bar even when stderr is not a terminal.")
    var progress = false

    @Flag(name: .long, help: "fsync the output after every line (survives power loss, not only a killed process).")
    var durable = false

    func validate() throws {
        guard count >= 1, candidates >= 1, headlineMaxChars >= 1, descriptionMaxChars >= 1, (1...10).contains(maxRounds) else {
            throw ValidationError("--count, --candidates and the length limits must be at least 1, --max-rounds 1 to 10")
        }
        guard (0...1).contains(lambda) else { throw ValidationError("--lambda must be from 0 to 1") }
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
            FileHandle.standardError.write(Data("rerank-agent: \(error)\n".utf8))
            throw ExitCode(64)
        }
        let defaults = CreativeConstraints(
            count: count, candidates: candidates, headlineMaxChars: headlineMaxChars, descriptionMaxChars: descriptionMaxChars,
            bannedTerms: bannedTerm, requiredTerms: requiredTerm, maxRounds: maxRounds)
        let writer = CreativeWriter(
            client: runtime.client, prompt: prompt, model: runtime.endpoint.model, temperature: temperature,
            seed: runtime.configuration.rerank.seed, lambda: lambda, structuredOutput: structuredOutput)
        let job = CreativeJob(decoder: AdRequestDecoder(defaults: defaults, limits: runtime.configuration.requestLimits), writer: writer)
        let batch = BatchJob(
            inputPath: input, outputPath: output, concurrency: concurrency ?? runtime.configuration.serve.concurrency,
            maxLineBytes: runtime.configuration.serve.maxLineBytes, label: "creatives", forceProgress: progress, durable: durable)
        try await BatchCommandSupport.run(batch, name: "creatives", logger: runtime.logger) { await job.process($0) }
    }
}
