import ArgumentParser
import Foundation
import RerankCore
import RerankEval
import RerankRuntime
import ResponseCaching

/// `rerank-agent eval tune`: chooses a configuration on part of the user's lists, tests it on the rest, and writes
/// it as a configuration file with the evidence in its comments.
struct EvalTune: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Chooses a configuration on part of your lists, proves it on the lists it never saw, and writes the config file.",
        discussion: """
            The lists are split, seeded, into a tuning part and a confirmation part (--tuning-share, --split). Each --candidate \
            (default: pointwise, listwise first-token logits, listwise generation, setwise) ranks a few tuning lists first; one over \
            --budget, or one the endpoint cannot answer, goes no further. The rest rank every tuning list, and their rankings are \
            blended with the upstream at every weight from 0 to 1 (--weight-step) by both blends without another call. The best \
            point by --metric is then run alone on the confirmation lists and tested, paired, against the upstream order and random. \
            --output gets the configuration (the upstream order when the choice is not confirmed) with the evidence in comments; \
            --report DIR gets report.md and tuning-curves.svg. Answers are cached (--cache), so a rerun asks nothing twice.
            Example: rerank-agent eval tune --lists lists.jsonl --budget calls=30 --output tuned.yaml --report Evaluation/reports/tune
            """
    )

    @OptionGroup var options: CommonOptions

    @OptionGroup var eval: EvalOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A candidate configuration, as eval run's --configuration but without fusion or fusion_mode (swept). Repeatable.",
            valueName: "spec"))
    var candidate: [String] = []

    @Option(name: .long, help: ArgumentHelp("The most a list may cost: calls=N,prefill=N,seconds=N (any of them).", valueName: "limits"))
    var budget: String?

    @Option(name: .long, help: "The metric the choice maximises, e.g. ndcg@10, ndcg@5, mrr, recall@10.")
    var metric = "ndcg@10"

    @Option(name: .long, help: "The share of the lists that tune; the rest confirm.")
    var tuningShare = 0.5

    @Option(name: .long, help: "seeded (by a hash of each list's id and --seed) or in-order (the first lists tune).")
    var split: TuneSplit.Method = .seeded

    @Option(name: .long, help: "The step of the fusion weights swept from 0 to 1.")
    var weightStep = 0.05

    @Option(name: .long, help: "The significance level the gain over the upstream must reach on the confirmation lists.")
    var level = 0.05

    @Option(name: .long, help: "Tuning lists each candidate ranks first, to measure its cost against --budget.")
    var pilotLists = 3

    @Option(name: .long, help: "Where to write the tuned configuration (YAML, read by --config).")
    var output = "tuned.yaml"

    @Option(name: .long, help: "Write report.md and tuning-curves.svg into this folder.")
    var report: String?

    /// What a tune tries when no --candidate is given: every strategy and reading a small model can afford per list,
    /// pairwise left out (some 120 calls for 20 candidates).
    static let defaultCandidates = [
        "strategy=pointwise", "strategy=listwise,scoring=logits", "strategy=listwise,scoring=generate", "strategy=setwise,scoring=logits",
    ]

    func validate() throws {
        guard tuningShare > 0, tuningShare < 1 else { throw ValidationError("--tuning-share must be between 0 and 1") }
        guard pilotLists >= 1 else { throw ValidationError("--pilot-lists must be at least 1") }
    }

    func run() async throws {
        eval.stopOnSignal(command: "eval tune")
        let runtime = try Runtime.start(options)
        do {
            let lists = try eval.readLists(runtime.configuration)
            let candidates = try (candidate.isEmpty ? Self.defaultCandidates : candidate).map { spec in
                let parsed = try EvalConfiguration.parse(spec)
                let keys = spec.split(separator: ",").map { $0.split(separator: "=").first?.trimmingCharacters(in: .whitespaces) ?? "" }
                if keys.contains("fusion") || keys.contains("fusion_mode") { throw TuneError.sweptKeyInCandidate(spec) }
                return parsed
            }
            var settings = Tune.Settings()
            settings.splitMethod = split
            settings.tuningShare = tuningShare
            settings.budget = try budget.map(CostBudget.parse) ?? CostBudget()
            settings.metric = metric
            settings.weightStep = weightStep
            settings.level = level
            settings.pilotLists = pilotLists
            let tune = try Tune(
                lists: lists, listsSource: EvalOptions.displayPath(eval.lists), candidates: candidates, settings: settings,
                evaluation: try eval.settings(runtime.configuration))
            for warning in tune.warnings { runtime.logger.warning("\(warning)") }
            try await runtime.checkEndpoint(command: "eval tune")
            let responseCache = try eval.cachePath.map(ResponseCache.init(path:))
            runtime.logger.info(
                "tuning",
                metadata: [
                    "lists": "\(lists.count)", "tuning": "\(tune.split.tuning.count)", "confirmation": "\(tune.split.confirmation.count)",
                    "candidates": "\(candidates.map(\.name).joined(separator: ", "))", "budget": "\(settings.budget.description)",
                    "endpoint": "\(runtime.endpoint.displayBaseURL)", "model": "\(runtime.endpoint.model)",
                    "cache": "\(eval.cachePath.map(EvalOptions.displayPath) ?? "none")",
                ])
            let force = eval.progress
            var result = try await tune.run(
                endpoint: runtime.client, baseURL: runtime.endpoint.displayBaseURL, model: runtime.endpoint.model,
                prompts: runtime.prompts, cache: responseCache, configuration: runtime.configuration,
                reasonConfiguration: runtime.reasonConfiguration, logger: runtime.logger
            ) { stage, total in ProgressBar(total: total, label: "tune \(stage)", force: force) }
            result.software = BuildInfo(baseURL: runtime.endpoint.baseURL).line
            let file = try TunedConfigurationFile(result: result, base: runtime.configuration)
            try file.write(to: output)
            if let report { try result.write(to: report) }
            print(result.markdown, terminator: "")
            FileHandle.standardError.write(
                Data(
                    ("eval tune: \(result.verdict)\n  wrote \(output)\(report.map { " and \($0)/" } ?? ""); \(result.cache.misses) endpoint calls, "
                        + "\(result.cache.hits) cache hits, \(result.cache.failures) failed; "
                        + String(format: "%.1f s", result.wallSeconds) + "\n")
                        .utf8))
        } catch let error as DatasetError {
            throw ExitStatus.dataError.failure(error.description)
        } catch let error as TuneError {
            if case .cannotWriteConfiguration = error { throw ExitStatus.ioError.failure(error.description) }
            throw ExitStatus.usage.failure(error.description)
        } catch let error as EvalSetupError {
            if case .cannotWriteReport = error { throw ExitStatus.ioError.failure(error.description) }
            throw ExitStatus.usage.failure(error.description)
        } catch let error as ResponseCacheError {
            throw ExitStatus.ioError.failure(error.description)
        } catch let error as ConfigurationError {
            throw ExitStatus.usage.failure("\(error)")
        } catch let error as ValidationError {
            throw ExitStatus.usage.failure(error.message)
        }
    }
}

extension EvalTune: HandlesTerminationSignals {}
