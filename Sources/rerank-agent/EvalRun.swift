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

    @OptionGroup var eval: EvalOptions

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

    @Flag(
        name: .long, help: "Also rank every list with the relevant item at the first, quarter, middle, three-quarters and last positions.")
    var positionSweep = false

    @Option(name: .long, help: "Write report.md, report.json, per-list.jsonl and SVG charts into this folder.")
    var report: String?

    func validate() throws {
        if !configuration.isEmpty,
            strategy != nil || prompt != nil || votes != nil || structured != nil || fusion != "0"
                || fusionMode != nil || scoring != nil || setSize != nil
        {
            throw ValidationError(
                "--configuration replaces --strategy, --prompt, --votes, --structured, --fusion, --fusion-mode, --scoring and --set-size; use one or the other"
            )
        }
    }

    func run() async throws {
        eval.stopOnSignal(command: "eval run")
        let runtime = try Runtime.start(options)
        do {
            var labelled = try eval.readLists(runtime.configuration)
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
            let settings = try eval.settings(runtime.configuration, positionSweep: positionSweep)
            // Names and settings are checked here, before the endpoint is asked anything.
            let evaluation = try Evaluation(
                lists: labelled, listsSource: EvalOptions.displayPath(eval.lists), configurations: configurations, settings: settings,
                importedRuns: importedRuns)
            for imported in importedRuns where imported.missing(from: labelled) > 0 {
                runtime.logger.warning(
                    "lists the run does not rank score 0 for it",
                    metadata: ["run": "\(imported.name)", "lists": "\(imported.missing(from: labelled))"])
            }
            // A wrong key, model or base path fails the run before any list is ranked; an endpoint that is down
            // may still be served from the response cache.
            try await runtime.checkEndpoint(command: "eval run")
            let cachePath = eval.cachePath
            let responseCache = try cachePath.map(ResponseCache.init(path:))
            runtime.logger.info(
                "evaluating",
                metadata: [
                    "lists": "\(labelled.count)", "configurations": "\(configurations.count)", "rankings": "\(evaluation.workCount)",
                    "endpoint": "\(runtime.endpoint.displayBaseURL)", "model": "\(runtime.endpoint.model)",
                    "cache": "\(cachePath ?? "none")",
                ])
            let bar = ProgressBar(total: evaluation.workCount, label: "eval", force: eval.progress)
            var result = await evaluation.run(
                endpoint: runtime.client, baseURL: runtime.endpoint.displayBaseURL, model: runtime.endpoint.model,
                prompts: runtime.prompts, cache: responseCache, configuration: runtime.configuration,
                reasonConfiguration: runtime.reasonConfiguration, logger: runtime.logger, progress: bar)
            bar.finish()
            result.run.cachePath = result.run.cachePath.map(EvalOptions.displayPath)
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

    /// The --configuration specs, else the grid of the comma-separated options over the configured defaults.
    func makeConfigurations(defaults: RerankOptions) throws -> [EvalConfiguration] {
        if !configuration.isEmpty {
            return try configuration.map(EvalConfiguration.parse)
        }
        let strategies = strategy?.values ?? [defaults.strategy]
        let prompts = prompt?.values ?? [defaults.prompt]
        let voteCounts = try EvalOptions.values(votes, default: [defaults.votes], option: "--votes") {
            Int($0).flatMap { OptionBounds.votes.contains($0) ? $0 : nil }
        }
        let structuredValues = structured?.values ?? [defaults.structuredOutput]
        let weights = try EvalOptions.values(fusion, default: [0], option: "--fusion") {
            Double($0).flatMap { OptionBounds.fusion.contains($0) ? $0 : nil }
        }
        let modes = fusionMode?.values ?? [defaults.fusionMode]
        let scorings = scoring?.values ?? [defaults.scoring]
        let setSizes = try EvalOptions.values(setSize, default: [defaults.setSize], option: "--set-size") {
            Int($0).flatMap { OptionBounds.setSize.contains($0) ? $0 : nil }
        }
        return EvalConfiguration.grid(
            strategies: strategies, prompts: prompts, votes: voteCounts, structuredOutput: structuredValues, fusion: weights,
            scorings: scorings, setSizes: setSizes, fusionModes: modes)
    }

}

extension EvalRun: HandlesTerminationSignals {}
