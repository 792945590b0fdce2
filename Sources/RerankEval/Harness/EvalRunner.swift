import Foundation
import LLMClient
import RerankCore
import RerankRuntime
import ResponseCaching

/// Runs configurations and baselines over labelled lists and scores every ranking.
public struct EvalRunner: Sendable {
    /// Settings that shape the results; all of them are written into the report.
    public struct Settings: Sendable, Hashable {
        public var metrics: MetricSet
        /// Seeds request shuffles, the random baseline and the bootstrap.
        public var seed: UInt64
        public var randomDraws: Int
        public var bootstrapSamples: Int
        /// Run every configuration with the relevant item at fixed positions too (a configuration can also ask for it alone).
        public var positionSweep: Bool
        /// Lists ranked at once.
        public var concurrency: Int

        public init(
            metrics: MetricSet = MetricSet(), seed: UInt64 = 0, randomDraws: Int = 20, bootstrapSamples: Int = 2000,
            positionSweep: Bool = false, concurrency: Int = 4
        ) {
            self.metrics = metrics
            self.seed = seed
            self.randomDraws = randomDraws
            self.bootstrapSamples = bootstrapSamples
            self.positionSweep = positionSweep
            self.concurrency = concurrency
        }

        /// Every placement: as given, then the sweep positions.
        public static let allPlacements: [Placement] = [.asGiven] + SweepPosition.allCases.map(Placement.swept)

        /// The placements a configuration's lists are ranked at.
        public func placements(for configuration: EvalConfiguration) -> [Placement] {
            positionSweep || configuration.positionSweep ? Self.allPlacements : [.asGiven]
        }

        /// The number of model rankings a run makes, for a progress bar.
        public func workCount(lists: [LabelledList], configurations: [EvalConfiguration]) -> Int {
            lists.count * configurations.reduce(0) { $0 + placements(for: $1).count }
        }

        /// The placements the baselines are scored at: swept too when any configuration is.
        public func baselinePlacements(_ configurations: [EvalConfiguration]) -> [Placement] {
            positionSweep || configurations.contains(where: \.positionSweep) ? Self.allPlacements : [.asGiven]
        }
    }

    public var service: RerankService
    public var settings: Settings

    /// A runner over a service whose client is usually a `CachedChatClient`.
    public init(service: RerankService, settings: Settings) {
        self.service = service
        self.settings = settings
    }

    /// Every configuration on every list at every placement, concurrently, then the baselines; results come
    /// back in a fixed order (list, system, placement) whatever order the calls finished in.
    public func run(lists: [LabelledList], configurations: [EvalConfiguration], progress: ProgressBar? = nil) async -> [ListResult] {
        struct Work: Sendable {
            var listIndex: Int
            var configuration: EvalConfiguration
            var placement: Placement
            var request: RerankRequest
        }
        var work: [Work] = []
        for (listIndex, list) in lists.enumerated() {
            for configuration in configurations {
                for placement in settings.placements(for: configuration) {
                    guard let request = request(for: list, configuration: configuration, placement: placement) else { continue }
                    work.append(Work(listIndex: listIndex, configuration: configuration, placement: placement, request: request))
                }
            }
        }
        let service = self.service
        let metrics = settings.metrics
        var modelResults = [ListResult?](repeating: nil, count: work.count)
        await withTaskGroup(of: (Int, ListResult).self) { group in
            var next = 0
            func submit(_ index: Int) {
                let item = work[index]
                let labels = lists[item.listIndex].labels
                group.addTask {
                    let ledger = CallLedger()
                    let started = ContinuousClock.now
                    let response = await CallLedger.$current.withValue(ledger) { await service.rerank(item.request) }
                    let elapsed = ContinuousClock.now - started
                    let ranking = response.ranking.map(\.id)
                    var usage = ListUsage(response: response, ledger: ledger)
                    usage.wallMilliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
                    var result = ListResult(
                        listIndex: item.listIndex, system: item.configuration.name, placement: item.placement,
                        ranking: ranking, metrics: metrics.evaluate(ranking, labels: labels), usage: usage)
                    result.modelRanking = response.modelRanking
                    return (index, result)
                }
            }
            while next < min(max(1, settings.concurrency), work.count) {
                submit(next)
                next += 1
            }
            while let (index, result) = await group.next() {
                modelResults[index] = result
                let usage = result.usage
                progress?.advance(
                    failed: usage?.degraded == true ? 1 : 0,
                    tokens: (usage?.promptTokens ?? 0).saturatingAdding(usage?.completionTokens ?? 0))
                if next < work.count {
                    submit(next)
                    next += 1
                }
            }
        }
        var results = modelResults.compactMap { $0 }
        results += baselineResults(lists: lists, placements: settings.baselinePlacements(configurations))
        // `Evaluation.checkNames` keeps names apart; were two alike, the first place is kept rather than trapping
        // after every call has been made.
        let order = Dictionary(
            (configurations.map(\.name) + Baseline.allCases.map(\.systemName)).enumerated().map { ($1, $0) },
            uniquingKeysWith: { first, _ in first })
        results.sort { left, right in
            if left.listIndex != right.listIndex { return left.listIndex < right.listIndex }
            let l = order[left.system] ?? 0, r = order[right.system] ?? 0
            if l != r { return l < r }
            return left.placement < right.placement
        }
        return results
    }

    /// The request a configuration sends for a list at a placement; nil when the placement needs a relevant item the list lacks.
    public func request(for list: LabelledList, configuration: EvalConfiguration, placement: Placement) -> RerankRequest? {
        var request = list.request
        request.options = configuration.apply(to: request.options)
        request.options.seed = SeededSampling.seed(for: request.id, base: settings.seed) & 0x000F_FFFF_FFFF_FFFF
        request.options.explain = false
        if case .swept(let position) = placement {
            guard let candidates = position.apply(to: list) else { return nil }
            request.candidates = candidates
        }
        return request
    }

    func baselineResults(lists: [LabelledList], placements: [Placement]) -> [ListResult] {
        var results: [ListResult] = []
        let withPopularity = lists.allSatisfy { $0.popularity != nil }
        for (listIndex, list) in lists.enumerated() {
            for placement in placements {
                let candidates: [Item]
                switch placement {
                case .asGiven: candidates = list.request.candidates
                case .swept(let position):
                    guard let swept = position.apply(to: list) else { continue }
                    candidates = swept
                }
                for baseline in Baseline.allCases where baseline != .popularity || withPopularity {
                    guard
                        let (ranking, values) = baseline.evaluate(
                            list, candidates: candidates, metrics: settings.metrics, randomDraws: settings.randomDraws, seed: settings.seed)
                    else { continue }
                    results.append(
                        ListResult(
                            listIndex: listIndex, system: baseline.systemName, placement: placement, ranking: ranking, metrics: values))
                }
            }
        }
        return results
    }
}
