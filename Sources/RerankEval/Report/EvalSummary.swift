import Foundation
import LLMClient
import RerankCore

/// Everything a report shows, computed once from the per-list results: estimates with intervals, paired
/// comparisons with each baseline, the position-bias table, validity and cost.
public struct EvalSummary: Sendable {
    /// One system (a configuration or a baseline) at one placement.
    public struct SystemRow: Sendable {
        public var system: String
        public var configuration: EvalConfiguration?
        public var placement: Placement
        /// One estimate per metric, in `metricNames` order.
        public var estimates: [Estimate]
        /// Per-list values per metric, in list order (lists without a result are left out).
        public var perList: [[Double]]
        public var listCount: Int
        public var usage: UsageTotals?
    }

    /// A configuration against a baseline on one metric, over the lists both ranked.
    public struct Comparison: Sendable {
        public var system: String
        public var baseline: String
        public var metric: String
        public var result: PairedComparison
        /// The p-value after Holm's adjustment over every comparison in the report.
        public var holmPValue: Double = 1
        /// The Benjamini–Hochberg q-value over every comparison in the report.
        public var benjaminiHochbergQValue: Double = 1
    }

    /// Validity and cost of a configuration summed over its lists.
    @dynamicMemberLookup
    public struct UsageTotals: Sendable, Hashable {
        public var lists = 0
        public var degraded = 0
        /// The lists' counters added up.
        public var counters = RankingCounters()
        /// The lists' first-token readings added up.
        public var logits = LogitsCounts()
        public var endpointP50 = 0.0
        public var endpointP95 = 0.0
        public var endpointTotalSeconds = 0.0
        public var wallP50 = 0.0
        public var wallP95 = 0.0
        public var cacheHits = 0
        /// Mean position echo over the lists that report it.
        public var positionEcho: Double?

        /// Share of votes whose answer was a complete permutation as given.
        public var firstTryValidRate: Double { counters.votes > 0 ? Double(counters.firstTryValid) / Double(counters.votes) : 0 }

        /// One of the shared counters, by name.
        public subscript<Value>(dynamicMember counter: WritableKeyPath<RankingCounters, Value>) -> Value {
            get { counters[keyPath: counter] }
            set { counters[keyPath: counter] = newValue }
        }
    }

    public var metricNames: [String]
    public var listIDs: [String]
    public var rows: [SystemRow]
    public var comparisons: [Comparison]
    /// Lists whose labels name no relevant item (every metric is 0 on them).
    public var listsWithoutRelevant: Int

    /// Imported runs' system names (`run:<name>`), compared with the baselines like configurations and used as references for them.
    public var importedSystems: [String] = []

    public init(
        lists: [LabelledList], configurations: [EvalConfiguration], results: [ListResult], settings: EvalRunner.Settings,
        importedSystems: [String] = []
    ) {
        self.importedSystems = importedSystems
        metricNames = settings.metrics.names
        listIDs = lists.map(\.request.id)
        listsWithoutRelevant = lists.filter { Metrics.relevantCount(labels: $0.labels) == 0 }.count
        let bootstrap = Bootstrap(samples: settings.bootstrapSamples, seed: settings.seed)
        let configurationsByName = Dictionary(configurations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let systems = configurations.map(\.name) + importedSystems + Baseline.allCases.map(\.systemName)
        var grouped: [String: [Placement: [ListResult]]] = [:]
        for result in results { grouped[result.system, default: [:]][result.placement, default: []].append(result) }
        var rows: [SystemRow] = []
        for placement in EvalRunner.Settings.allPlacements {
            for system in systems {
                guard let group = grouped[system]?[placement], !group.isEmpty else { continue }
                let sorted = group.sorted { $0.listIndex < $1.listIndex }
                let perList = metricNames.indices.map { metric in sorted.map { $0.metrics[metric] } }
                let usage = sorted.allSatisfy { $0.usage != nil } ? Self.totals(sorted.compactMap(\.usage)) : nil
                rows.append(
                    SystemRow(
                        system: system, configuration: configurationsByName[system], placement: placement,
                        estimates: perList.map(bootstrap.estimate), perList: perList, listCount: sorted.count, usage: usage))
            }
        }
        self.rows = rows
        var comparisons: [Comparison] = []
        let asGiven = grouped.mapValues { $0[.asGiven] ?? [] }
        for system in configurations.map(\.name) + importedSystems {
            guard let mine = asGiven[system], !mine.isEmpty else { continue }
            for reference in importedSystems + Baseline.allCases.map(\.systemName) where reference != system {
                guard configurationsByName[system] != nil || !importedSystems.contains(reference) else { continue }
                guard let theirs = asGiven[reference], !theirs.isEmpty else { continue }
                let theirsByList = Dictionary(theirs.map { ($0.listIndex, $0) }, uniquingKeysWith: { first, _ in first })
                let paired = mine.sorted { $0.listIndex < $1.listIndex }.compactMap { result in
                    theirsByList[result.listIndex].map { (result, $0) }
                }
                for (metric, name) in metricNames.enumerated() {
                    let result = bootstrap.compare(paired.map { $0.0.metrics[metric] }, against: paired.map { $0.1.metrics[metric] })
                    comparisons.append(Comparison(system: system, baseline: reference, metric: name, result: result))
                }
            }
        }
        let pValues = comparisons.map(\.result.pValue)
        for (index, (holm, hochberg)) in zip(MultipleTesting.holm(pValues), MultipleTesting.benjaminiHochberg(pValues)).enumerated() {
            comparisons[index].holmPValue = holm
            comparisons[index].benjaminiHochbergQValue = hochberg
        }
        self.comparisons = comparisons
    }

    /// True when the upstream and popularity baselines ranked every list the same way.
    public var upstreamIsPopularity: Bool {
        guard let upstream = row(Baseline.upstream.systemName), let popularity = row(Baseline.popularity.systemName) else { return false }
        return upstream.perList == popularity.perList
    }

    /// True when some system was ranked at the sweep positions.
    public var hasPositionSweep: Bool {
        rows.contains { $0.placement != .asGiven }
    }

    /// The row of a system at a placement.
    public func row(_ system: String, _ placement: Placement = .asGiven) -> SystemRow? {
        rows.first { $0.system == system && $0.placement == placement }
    }

    /// The index of a metric by name.
    public func metricIndex(_ name: String) -> Int? {
        metricNames.firstIndex(of: name)
    }

    static func totals(_ usages: [ListUsage]) -> UsageTotals {
        var totals = UsageTotals()
        for usage in usages {
            totals.lists += 1
            if usage.degraded { totals.degraded += 1 }
            totals.counters += usage.counters
            totals.logits = totals.logits + usage.logits
            totals.cacheHits += usage.cacheHits
        }
        let echoes = usages.compactMap(\.positionEcho)
        totals.positionEcho = echoes.isEmpty ? nil : echoes.reduce(0, +) / Double(echoes.count)
        let endpoint = usages.map(\.endpointMilliseconds).sorted()
        let wall = usages.map(\.wallMilliseconds).sorted()
        totals.endpointP50 = Bootstrap.percentile(endpoint, 0.5)
        totals.endpointP95 = Bootstrap.percentile(endpoint, 0.95)
        totals.endpointTotalSeconds = endpoint.reduce(0, +) / 1000
        totals.wallP50 = Bootstrap.percentile(wall, 0.5)
        totals.wallP95 = Bootstrap.percentile(wall, 0.95)
        return totals
    }
}
