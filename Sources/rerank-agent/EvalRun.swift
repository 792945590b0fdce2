import ArgumentParser
import Foundation
import LLMClient
import RerankCore
import RerankEval
import RerankRuntime
import ResponseCaching

/// `rerank-agent eval`: runs configurations over labelled lists and reports metrics, baselines, significance and cost.
struct EvalRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Runs configurations over labelled lists and reports metrics with intervals against baselines, validity and cost.",
        discussion: """
            Configurations are the combinations of --strategy, --prompt, --votes, --structured and --fusion (comma-separated \
            lists), or given one by one with --configuration. The report goes to stdout as Markdown; --report DIR also writes \
            report.md, report.json, per-list.jsonl, per-list.csv, qrels.txt, runs/<system>.run (TREC) and SVG charts. \
            --run scores a TREC run (your ranker) beside them; --qrels replaces the lists' labels. Answers are cached (--cache), so a rerun is free and an \
            interrupted run continues where it stopped.
            Example: rerank-agent eval --lists lists.jsonl --prompt sequential,recency --votes 1,5 --report Evaluation/reports/run
            """
    )

    @OptionGroup var options: CommonOptions

    @Option(name: .long, help: "Labelled lists (JSON Lines), e.g. from 'rerank-agent eval build'.")
    var lists: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A configuration such as 'strategy=listwise,prompt=recency,votes=5,structured=true,fusion=0.3,name=x'. Repeatable; replaces the grid options.",
            valueName: "spec"))
    var configuration: [String] = []

    @Option(name: .long, help: "Strategies, comma-separated (listwise, pointwise, pairwise, setwise). Default: rerank.strategy.")
    var strategy: CommaSeparated<RankingStrategy>?

    @Option(name: .long, help: "Prompt families, comma-separated (sequential, recency, icl, palr). Default: rerank.prompt.")
    var prompt: CommaSeparated<PromptFamily>?

    @Option(name: .long, help: "Vote counts, comma-separated, e.g. 1,5. Default: rerank.votes.")
    var votes: String?

    @Option(name: .long, help: "Structured output settings, comma-separated: false, true or false,true.")
    var structured: CommaSeparated<Bool>?

    @Option(name: .long, help: "Fusion weights of the upstream order, comma-separated, e.g. 0,0.5.")
    var fusion = "0"

    @Option(name: .long, help: "How fusion blends, comma-separated: rank, score or rank,score. Default: rerank.fusion_mode.")
    var fusionMode: CommaSeparated<FusionMode>?

    @Option(name: .long, help: "How listwise and setwise calls are read, comma-separated: generate, logits. Default: rerank.scoring.")
    var scoring: CommaSeparated<ScoringMode>?

    @Option(name: .long, help: "Setwise set sizes, comma-separated, e.g. 3,4. Default: rerank.set_size.")
    var setSize: String?

    @Option(
        name: .long, help: ArgumentHelp("TREC qrels ('list_id 0 item_id relevance') that replace the lists' labels.", valueName: "path"))
    var qrels: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A TREC run to score beside the configurations as run:NAME (your ranker, another model); each configuration is also compared with it. Repeatable.",
            valueName: "[NAME=]path"))
    var run: [String] = []

    @Option(name: .long, help: "Use only the first N lists.")
    var limit: Int?

    @Flag(
        name: .long, help: "Also rank every list with the relevant item at the first, quarter, middle, three-quarters and last positions.")
    var positionSweep = false

    @Option(name: .long, help: "Write report.md, report.json, per-list.jsonl and SVG charts into this folder.")
    var report: String?

    @Option(name: .long, help: "The response cache (SQLite). Default: eval/responses.sqlite in the rerank-agent cache folder.")
    var cache: String?

    @Flag(name: .long, help: "Call the endpoint for every request and store nothing.")
    var noCache = false

    @Option(name: .long, help: "Lists ranked at once. Default: serve.concurrency.")
    var concurrency: Int?

    @Option(name: .long, help: "Seeds vote shuffles, the random baseline and the bootstrap.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "NDCG cut-offs, comma-separated.")
    var cutoffs = "1,5,10,20"

    @Option(name: .long, help: "DCG gain: linear (trec_eval) or exponential (2^label − 1).")
    var gain: RelevanceGain = .linear

    @Option(name: .long, help: "Random permutations per list for the random baseline.")
    var randomDraws = 20

    @Option(name: .long, help: "Bootstrap samples for intervals and p-values.")
    var bootstrapSamples = 2000

    @Flag(name: .long, help: "Draw the progress bar even when stderr is not a terminal.")
    var progress = false

    func validate() throws {
        if !configuration.isEmpty,
            strategy != nil || prompt != nil || votes != nil || structured != nil || fusion != "0"
                || fusionMode != nil || scoring != nil || setSize != nil
        {
            throw ValidationError(
                "--configuration replaces --strategy, --prompt, --votes, --structured, --fusion, --fusion-mode, --scoring and --set-size; use one or the other"
            )
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        try FlagBounds.check(concurrency, flag: "--concurrency", key: "serve.concurrency")
    }

    func run() async throws {
        stopOnSignal()
        let runtime = try Runtime.start(options)
        do {
            let reader = LabelledListReader(
                decoder: RequestDecoder(limits: runtime.configuration.requestLimits, defaults: runtime.configuration.defaultOptions))
            var labelled = try reader.read(path: lists)
            if let limit { labelled = Array(labelled.prefix(max(0, limit))) }
            if let qrels {
                let relabelled = try Qrels.read(path: qrels).relabel(labelled)
                labelled = relabelled.lists
                if relabelled.unjudged > 0 {
                    runtime.logger.warning(
                        "lists without judgements in the qrels score 0", metadata: ["lists": "\(relabelled.unjudged)", "qrels": "\(qrels)"])
                }
            }
            let importedRuns = try run.map(ImportedRun.parse)
            let configurations = try makeConfigurations(defaults: runtime.configuration.defaultOptions)
            let settings = EvalRunner.Settings(
                metrics: MetricSet(ndcgCutoffs: try Self.integers(cutoffs, option: "--cutoffs"), gain: gain),
                seed: seed, randomDraws: randomDraws, bootstrapSamples: bootstrapSamples, positionSweep: positionSweep,
                concurrency: concurrency ?? runtime.configuration.serve.concurrency)
            // Names and settings are checked here, before the endpoint is asked anything.
            let evaluation = try Evaluation(
                lists: labelled, listsSource: Self.displayPath(lists), configurations: configurations, settings: settings,
                importedRuns: importedRuns)
            for imported in importedRuns where imported.missing(from: labelled) > 0 {
                runtime.logger.warning(
                    "lists the run does not rank score 0 for it",
                    metadata: ["run": "\(imported.name)", "lists": "\(imported.missing(from: labelled))"])
            }
            // A wrong key, model or base path fails the run before any list is ranked; an endpoint that is down
            // may still be served from the response cache.
            try await runtime.checkEndpoint(command: "eval run")
            let cachePath = noCache ? nil : (cache ?? Self.defaultCachePath)
            let responseCache = try cachePath.map(ResponseCache.init(path:))
            runtime.logger.info(
                "evaluating",
                metadata: [
                    "lists": "\(labelled.count)", "configurations": "\(configurations.count)", "rankings": "\(evaluation.workCount)",
                    "endpoint": "\(runtime.endpoint.displayBaseURL)", "model": "\(runtime.endpoint.model)",
                    "cache": "\(cachePath ?? "none")",
                ])
            let bar = ProgressBar(total: evaluation.workCount, label: "eval", force: progress)
            var result = await evaluation.run(
                endpoint: runtime.client, baseURL: runtime.endpoint.displayBaseURL, model: runtime.endpoint.model,
                prompts: runtime.prompts, cache: responseCache, configuration: runtime.configuration,
                reasonConfiguration: runtime.reasonConfiguration, logger: runtime.logger, progress: bar)
            bar.finish()
            result.run.cachePath = result.run.cachePath.map(Self.displayPath)
            result.software = BuildInfo(baseURL: runtime.endpoint.baseURL)
            if let report {
                try result.write(to: report)
                runtime.logger.info("report written", metadata: ["folder": "\(report)"])
            }
            print(result.markdown, terminator: "")
            let rankings = result.results.filter { $0.usage != nil }
            let degraded = rankings.filter { $0.usage?.degraded == true }.count
            FileHandle.standardError.write(
                Data(
                    ("eval: \(labelled.count) lists, \(configurations.count) configurations, \(rankings.count) rankings, "
                        + "\(degraded) degraded; \(result.run.cache.misses) endpoint calls, \(result.run.cache.hits) cache hits, \(result.run.cache.failures) failed; "
                        + String(format: "%.1f s", result.run.wallSeconds) + "\n").utf8))
        } catch let error as DatasetError {
            throw ExitStatus.dataError.failure(error.description)
        } catch let error as EvalSetupError {
            if case .cannotWriteReport = error { throw ExitStatus.ioError.failure(error.description) }
            throw ExitStatus.usage.failure(error.description)
        } catch let error as ResponseCacheError {
            throw ExitStatus.ioError.failure(error.description)
        } catch let error as ValidationError {
            throw ExitStatus.usage.failure(error.message)
        }
    }

    /// Ctrl-C (or SIGTERM) stops the run at once and says how to resume: every answer received so far is
    /// already in the response cache, so the same command continues where this one stopped.
    func stopOnSignal() {
        let resume: String
        if noCache {
            resume = "nothing was stored (--no-cache), so running it again starts over"
        } else {
            resume =
                "every answer received so far is in the response cache \(Self.displayPath(cache ?? Self.defaultCachePath)); "
                + "run the same command again to continue where it stopped"
        }
        TerminationSignals.shared.take { number in
            FileHandle.standardError.write(Data("\nrerank-agent eval run: stopped by signal \(number); \(resume)\n".utf8))
            _exit(128 + number)
        }
    }

    /// Where answers are cached unless --cache says otherwise: eval/responses.sqlite in the rerank-agent cache folder.
    static var defaultCachePath: String {
        (Installation().cacheDirectory as NSString).appendingPathComponent("eval/responses.sqlite")
    }

    /// The --configuration specs, else the grid of the comma-separated options over the configured defaults.
    func makeConfigurations(defaults: RerankOptions) throws -> [EvalConfiguration] {
        if !configuration.isEmpty {
            return try configuration.map(EvalConfiguration.parse)
        }
        let strategies = strategy?.values ?? [defaults.strategy]
        let prompts = prompt?.values ?? [defaults.prompt]
        let voteCounts = try Self.values(votes, default: [defaults.votes], option: "--votes") {
            Int($0).flatMap { OptionBounds.votes.contains($0) ? $0 : nil }
        }
        let structuredValues = structured?.values ?? [defaults.structuredOutput]
        let weights = try Self.values(fusion, default: [0], option: "--fusion") {
            Double($0).flatMap { OptionBounds.fusion.contains($0) ? $0 : nil }
        }
        let modes = fusionMode?.values ?? [defaults.fusionMode]
        let scorings = scoring?.values ?? [defaults.scoring]
        let setSizes = try Self.values(setSize, default: [defaults.setSize], option: "--set-size") {
            Int($0).flatMap { OptionBounds.setSize.contains($0) ? $0 : nil }
        }
        return EvalConfiguration.grid(
            strategies: strategies, prompts: prompts, votes: voteCounts, structuredOutput: structuredValues, fusion: weights,
            scorings: scorings, setSizes: setSizes, fusionModes: modes)
    }

    static func values<T>(_ text: String?, default fallback: [T], option: String, _ parse: (String) -> T?) throws -> [T] {
        guard let text else { return fallback }
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty else { throw ValidationError("\(option) is empty") }
        return try parts.map { part in
            guard let value = parse(part) else { throw ValidationError("\(option): '\(part)' is not a valid value") }
            return value
        }
    }

    /// The path as the report shows it: under the home folder as `~/…`, so saved reports name no user's home.
    static func displayPath(_ path: String) -> String {
        let home = NSHomeDirectory()
        return path.hasPrefix(home + "/") ? "~" + path.dropFirst(home.count) : path
    }

    static func integers(_ text: String, option: String) throws -> [Int] {
        try values(text, default: [], option: option) { Int($0).flatMap { $0 >= 1 ? $0 : nil } }
    }
}

extension EvalRun: HandlesTerminationSignals {}
