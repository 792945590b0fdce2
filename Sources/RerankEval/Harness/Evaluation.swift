import Foundation
import JSONLines
import LLMClient
import Logging
import RerankCore
import RerankRuntime

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

    /// Checks the settings and that configuration names are unique, before any call is made.
    public init(lists: [LabelledList], listsSource: String, configurations: [EvalConfiguration], settings: EvalRunner.Settings) throws {
        var names: Set<String> = []
        for configuration in configurations where !names.insert(configuration.name).inserted {
            throw EvalSetupError.duplicateName(configuration.name)
        }
        guard settings.concurrency >= 1 else { throw EvalSetupError.invalidSetting("--concurrency must be at least 1") }
        guard settings.randomDraws >= 1 else { throw EvalSetupError.invalidSetting("--random-draws must be at least 1") }
        guard settings.bootstrapSamples >= 100 else { throw EvalSetupError.invalidSetting("--bootstrap-samples must be at least 100 for a usable interval") }
        self.lists = lists
        self.listsSource = listsSource
        self.configurations = configurations
        self.settings = settings
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
            configuration: configuration, client: client, prompts: prompts, model: model, reasonConfiguration: reasonConfiguration, logger: logger)
        let runner = EvalRunner(service: service, settings: settings)
        var results = await runner.run(lists: lists, configurations: configurations, progress: progress)
        results += importedRuns.flatMap { $0.results(lists: lists, metrics: settings.metrics) }
        let statistics = await client.statistics
        let summary = EvalSummary(lists: lists, configurations: configurations, results: results, settings: settings, importedSystems: importedRuns.map(\.systemName))
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
