import Foundation
import JSONLines
import LLMClient
import Logging
import RerankCore
import RerankRuntime
import ResponseCaching

/// One evaluation from lists to report: puts the response cache in front of the endpoint, runs the
/// configurations and baselines, and summarises. The command line only parses options and calls this.
public struct Evaluation: Sendable {
    public var lists: [LabelledList]
    /// How the lists were named on the command line, for the report.
    public var listsSource: String
    public var configurations: [EvalConfiguration]
    public var settings: EvalRunner.Settings
    /// Rankings made elsewhere, scored on the same lists (see `ImportedRun`).
    public var importedRuns: [ImportedRun] = []

    /// Checks the settings and the systems' names (see `checkNames`), before any call is made.
    public init(
        lists: [LabelledList], listsSource: String, configurations: [EvalConfiguration], settings: EvalRunner.Settings,
        importedRuns: [ImportedRun] = []
    ) throws {
        try Self.checkNames(configurations: configurations, importedRuns: importedRuns)
        guard settings.concurrency >= 1 else { throw EvalSetupError.invalidSetting("--concurrency must be at least 1") }
        guard settings.randomDraws >= 1 else { throw EvalSetupError.invalidSetting("--random-draws must be at least 1") }
        guard settings.bootstrapSamples >= 100 else {
            throw EvalSetupError.invalidSetting("--bootstrap-samples must be at least 100 for a usable interval")
        }
        self.lists = lists
        self.listsSource = listsSource
        self.configurations = configurations
        self.settings = settings
        self.importedRuns = importedRuns
    }

    /// Refuses names the report could not tell apart: every system (configuration, imported run, baseline) is
    /// one row, one TREC run and one key of the tables, so two systems of one name would overwrite each other.
    /// A configuration may not repeat another's name, nor take a baseline's (`upstream` or `baseline:upstream`)
    /// or either reserved prefix (`baseline:`, `run:`); imported runs may not share a name.
    public static func checkNames(configurations: [EvalConfiguration], importedRuns: [ImportedRun]) throws(EvalSetupError) {
        var runs: Set<String> = []
        for run in importedRuns where !runs.insert(run.name).inserted {
            throw .duplicateRunName(run.name)
        }
        var names: Set<String> = []
        for configuration in configurations {
            let name = configuration.name
            if let baseline = Baseline.allCases.first(where: { name == $0.rawValue || name == $0.systemName }) {
                throw .reservedName(name, owner: "the \(baseline.rawValue) baseline ('\(baseline.systemName)' in the report)")
            }
            if name.hasPrefix(Baseline.systemNamePrefix) {
                throw .reservedName(name, owner: "the baselines (names starting '\(Baseline.systemNamePrefix)')")
            }
            if name.hasPrefix(ImportedRun.systemNamePrefix) {
                throw .reservedName(name, owner: "the --run files (names starting '\(ImportedRun.systemNamePrefix)')")
            }
            guard names.insert(name).inserted else { throw .duplicateName(name) }
        }
    }

    /// The number of model rankings, for a progress bar.
    public var workCount: Int {
        settings.workCount(lists: lists, configurations: configurations)
    }

    /// Runs everything. `endpoint` is the real client; `baseURL` and `model` key the cache and name the model in the report.
    /// The service is built from `configuration` as `serve` builds it (`RerankService(configuration:…)`).
    public func run(
        endpoint: any ChatCompleting, baseURL: String, model: String, prompts: PromptLibrary, cache: ResponseCache?,
        configuration: Configuration = Configuration(), reasonConfiguration: ReasonConfiguration = ReasonConfiguration(),
        logger: Logger = Logger(label: "rerank-agent.eval"), progress: ProgressBar? = nil
    ) async -> EvalReport {
        let started = Date()
        let client = CachedChatClient(upstream: endpoint, cache: cache, baseURL: baseURL, model: model)
        let service = RerankService(
            configuration: configuration, client: client, prompts: prompts, model: model, reasonConfiguration: reasonConfiguration,
            logger: logger)
        let runner = EvalRunner(service: service, settings: settings)
        var results = await runner.run(lists: lists, configurations: configurations, progress: progress)
        results += importedRuns.flatMap { $0.results(lists: lists, metrics: settings.metrics) }
        let statistics = await client.statistics
        let summary = EvalSummary(
            lists: lists, configurations: configurations, results: results, settings: settings,
            importedSystems: importedRuns.map(\.systemName))
        var report = EvalReport(
            listsSource: listsSource, baseURL: baseURL, model: model, settings: settings, configurations: configurations,
            summary: summary, results: results,
            run: EvalReport.RunFacts(startedAt: started, finishedAt: Date(), cachePath: cache?.path, cache: statistics))
        report.listLabels = lists.map(\.labels)
        return report
    }
}

extension EvalReport {
    /// report.json without its `run` section: what two runs of the same evaluation must agree on.
    public var reproducibleJSON: String {
        guard case .object(let members) = json else { return json.prettyPrinted }
        return OutputJSON.object(members.filter { $0.0 != "run" }).prettyPrinted
    }
}
