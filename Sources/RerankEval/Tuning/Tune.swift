import Foundation
import LLMClient
import Logging
import RerankCore
import RerankRuntime
import ResponseCaching

/// `eval tune` from lists to a choice: splits the lists, measures each candidate's cost on a few tuning lists and
/// drops those over the budget or unanswered by the endpoint, runs the rest on the tuning part, sweeps fusion
/// weights and blends from their stored rankings, picks the best, and tests only that one on the confirmation part.
/// Every call goes through the response cache, so a rerun or an interrupted tune asks nothing twice.
public struct Tune: Sendable {
    /// What shapes the choice; all of it is written into the report.
    public struct Settings: Sendable, Hashable {
        public var splitMethod = TuneSplit.Method.seeded
        /// The share of the lists that tune; the rest confirm.
        public var tuningShare = 0.5
        public var budget = CostBudget()
        /// The metric the choice maximises, a name from `MetricSet.names`.
        public var metric = "ndcg@10"
        public var weightStep = 0.05
        /// The significance level of the confirmation.
        public var level = 0.05
        /// Tuning lists each candidate ranks first, to measure its cost against the budget.
        public var pilotLists = 3
        /// A part with fewer lists is refused.
        public var minimumLists = 3
        /// A part with fewer lists is warned about: the gains of the project's reports (about +0.05 NDCG@10) need
        /// some 50 lists to be told from noise.
        public var adviseLists = 30

        public init() {}
    }

    public var lists: [LabelledList]
    public var listsSource: String
    /// The configurations tried, each at fusion 0 (the sweep adds the weights).
    public var candidates: [EvalConfiguration]
    public var settings: Settings
    public var evaluation: EvalRunner.Settings
    public let split: TuneSplit
    let metricIndex: Int

    /// Checks the metric, the candidates and the split's sizes before any call.
    public init(
        lists: [LabelledList], listsSource: String, candidates: [EvalConfiguration], settings: Settings, evaluation: EvalRunner.Settings
    ) throws {
        guard let metricIndex = evaluation.metrics.names.firstIndex(of: settings.metric) else {
            throw TuneError.unknownMetric(settings.metric, known: evaluation.metrics.names)
        }
        guard settings.weightStep > 0, settings.weightStep <= 1 else {
            throw TuneError.invalidSetting("--weight-step must be above 0 and at most 1")
        }
        guard settings.level > 0, settings.level < 1 else { throw TuneError.invalidSetting("--level must be between 0 and 1") }
        guard !candidates.isEmpty else { throw TuneError.nothingToTune("no candidate was given") }
        try Evaluation.checkNames(configurations: candidates, importedRuns: [])
        let split = TuneSplit(
            listIDs: lists.map(\.request.id), tuningShare: settings.tuningShare, seed: evaluation.seed, method: settings.splitMethod)
        for (part, count) in [("tuning", split.tuning.count), ("confirmation", split.confirmation.count)]
        where count < settings.minimumLists {
            throw TuneError.tooFewLists(part: part, count: count, minimum: settings.minimumLists)
        }
        self.lists = lists
        self.listsSource = listsSource
        self.candidates = candidates
        self.settings = settings
        self.evaluation = evaluation
        self.split = split
        self.metricIndex = metricIndex
    }

    /// Parts too small to detect the effects the project's reports found, said before anything runs.
    public var warnings: [String] {
        [("tuning", split.tuning.count), ("confirmation", split.confirmation.count)].compactMap { part, count in
            count < settings.adviseLists
                ? "the \(part) part holds \(count) lists; gains of about +0.05 NDCG@10 need some 50 lists each to be told from noise"
                : nil
        }
    }

    /// Runs the tune. `endpoint` is the real client; `baseURL` and `model` key the cache and name the model.
    public func run(
        endpoint: any ChatCompleting, baseURL: String, model: String, prompts: PromptLibrary, cache: ResponseCache?,
        configuration: Configuration = Configuration(), reasonConfiguration: ReasonConfiguration = ReasonConfiguration(),
        logger: Logger = Logger(label: "rerank-agent.eval"), progress: @Sendable (String, Int) -> ProgressBar? = { _, _ in nil }
    ) async throws -> TuneResult {
        let started = Date()
        let client = CachedChatClient(upstream: endpoint, cache: cache, baseURL: baseURL, model: model)
        let service = RerankService(
            configuration: configuration, client: client, prompts: prompts, model: model, reasonConfiguration: reasonConfiguration,
            logger: logger)
        let runner = EvalRunner(service: service, settings: evaluation)
        let tuningLists = split.tuning.map { lists[$0] }
        var result = TuneResult(
            listsSource: listsSource, baseURL: baseURL, model: model, settings: settings, evaluation: evaluation, split: split,
            metric: settings.metric)

        // 1. Cost on a few tuning lists: a candidate over the budget, or one the endpoint cannot answer, goes no further.
        let pilot = Array(tuningLists.prefix(max(1, settings.pilotLists)))
        let pilotBar = progress("pilot", pilot.count * candidates.count)
        let pilotResults = await runner.run(lists: pilot, configurations: candidates, progress: pilotBar)
        pilotBar?.finish()
        var admitted: [EvalConfiguration] = []
        for candidate in candidates {
            let cost = ListCost(usages: pilotResults.filter { $0.system == candidate.name }.compactMap(\.usage))
            var entry = TuneResult.Candidate(configuration: candidate, pilotCost: cost)
            if cost.lists > 0, cost.degradedLists == cost.lists {
                let reason = pilotResults.first { $0.system == candidate.name }?.usage?.degradedReason ?? "no answer"
                entry.excluded = "the endpoint answered none of the \(cost.lists) pilot lists (\(reason))"
            } else if let excess = settings.budget.excess(cost) {
                entry.excluded = "over the budget on the pilot lists: \(excess)"
            } else {
                admitted.append(candidate)
            }
            result.candidates.append(entry)
        }
        logger.info(
            "pilot done", metadata: ["admitted": "\(admitted.map(\.name).joined(separator: ", "))", "lists": "\(pilot.count)"])
        guard !admitted.isEmpty else {
            throw TuneError.nothingToTune(result.candidates.compactMap { $0.excluded.map { "\($0)" } }.joined(separator: "; "))
        }

        // 2. The admitted candidates on every tuning list (the pilot lists come from the cache).
        let tuningStarted = Date()
        let tuningBar = progress("tuning", tuningLists.count * admitted.count)
        let tuningResults = await runner.run(lists: tuningLists, configurations: admitted, progress: tuningBar)
        tuningBar?.finish()
        result.tuningSeconds = Date().timeIntervalSince(tuningStarted)
        let upstream = baselineValues(tuningResults, .upstream, count: tuningLists.count)
        result.tuningUpstream = upstream.map { $0[metricIndex] }
        result.tuningRandom = baselineValues(tuningResults, .random, count: tuningLists.count).map { $0[metricIndex] }

        // 3. The sweep, from the stored rankings; a candidate whose full tuning cost exceeds the budget is shown but
        // not chosen.
        let sweep = FusionSweep(step: settings.weightStep)
        var choosable: [FusionSweep.Point] = []
        for index in result.candidates.indices where result.candidates[index].excluded == nil {
            let candidate = result.candidates[index].configuration
            let cost = ListCost(usages: tuningResults.filter { $0.system == candidate.name }.compactMap(\.usage))
            result.candidates[index].tuningCost = cost
            let points = sweep.points(candidate: candidate, results: tuningResults, lists: tuningLists, runner: runner)
            let summaries = points.map { TuneResult.SweepPoint(point: $0, metricIndex: metricIndex) }
            result.candidates[index].sweep = summaries
            if let excess = settings.budget.excess(cost) {
                result.candidates[index].excluded = "over the budget on the tuning lists: \(excess)"
            } else {
                choosable += points
            }
        }
        result.selectionCount = choosable.count

        // 4. The choice, and the test of it alone on the confirmation lists.
        let chosenIndex = TuneSelection.best(choosable.map { $0.values.map { $0[metricIndex] } }, upstream: result.tuningUpstream)
        if let chosenIndex {
            let point = choosable[chosenIndex]
            result.chosen = point.configuration
            result.chosenCandidate = point.candidate
            let tuningValues = point.values.map { $0[metricIndex] }
            result.tuning = Confirmation(
                chosen: tuningValues, upstream: result.tuningUpstream, random: result.tuningRandom,
                bootstrap: Bootstrap(samples: evaluation.bootstrapSamples, seed: evaluation.seed), level: settings.level)
            result.detectableDifference = TuneSelection.detectableDifference(
                zip(tuningValues, result.tuningUpstream).map { $0 - $1 }, lists: split.confirmation.count)
            let confirmationLists = split.confirmation.map { lists[$0] }
            let confirmationStarted = Date()
            let bar = progress("confirmation", confirmationLists.count)
            let confirmationResults = await runner.run(lists: confirmationLists, configurations: [point.configuration], progress: bar)
            bar?.finish()
            result.confirmationSeconds = Date().timeIntervalSince(confirmationStarted)
            let chosenValues = (0..<confirmationLists.count).map { index in
                confirmationResults.first { $0.listIndex == index && $0.system == point.configuration.name }?.metrics[metricIndex] ?? 0
            }
            result.confirmationCost = ListCost(
                usages: confirmationResults.filter { $0.system == point.configuration.name }.compactMap(\.usage))
            result.confirmation = Confirmation(
                chosen: chosenValues,
                upstream: baselineValues(confirmationResults, .upstream, count: confirmationLists.count).map { $0[metricIndex] },
                random: baselineValues(confirmationResults, .random, count: confirmationLists.count).map { $0[metricIndex] },
                bootstrap: Bootstrap(samples: evaluation.bootstrapSamples, seed: evaluation.seed), level: settings.level)
        }
        result.cache = await client.statistics
        result.wallSeconds = Date().timeIntervalSince(started)
        return result
    }

    /// A baseline's metric values per list, in list order (zeros where it has none).
    func baselineValues(_ results: [ListResult], _ baseline: Baseline, count: Int) -> [[Double]] {
        var values = [[Double]](repeating: [Double](repeating: 0, count: evaluation.metrics.names.count), count: count)
        for result in results where result.system == baseline.systemName && result.placement == .asGiven {
            values[result.listIndex] = result.metrics
        }
        return values
    }
}
