import Foundation
import RerankCore
import ResponseCaching
import Testing

@testable import RerankEval

@Suite("eval tune: split, sweep, budget, selection, tuned.yaml")
struct TuneTests {
    static let ids = (0..<40).map { "list-\($0)" }

    @Test("the seeded split is disjoint, covers every list, has the stated sizes, and is the same in any file order")
    func seededSplit() {
        let split = TuneSplit(listIDs: Self.ids, tuningShare: 0.5, seed: 7, method: .seeded)
        #expect(split.tuning.count == 20 && split.confirmation.count == 20)
        #expect(Set(split.tuning).isDisjoint(with: split.confirmation))
        #expect(Set(split.tuning + split.confirmation) == Set(0..<40))
        #expect(split.tuning == split.tuning.sorted() && split.confirmation == split.confirmation.sorted(), "file order within a part")
        #expect(split == TuneSplit(listIDs: Self.ids, tuningShare: 0.5, seed: 7, method: .seeded), "the same seed, the same split")
        #expect(split.tuning != TuneSplit(listIDs: Self.ids, tuningShare: 0.5, seed: 8, method: .seeded).tuning)
        let reversed = TuneSplit(listIDs: Self.ids.reversed(), tuningShare: 0.5, seed: 7, method: .seeded)
        #expect(Set(reversed.tuning.map { Self.ids.reversed()[$0] }) == Set(split.tuning.map { Self.ids[$0] }))
        #expect(split.tuning != Array(0..<20), "not simply the first lists")
    }

    @Test("the in-order split tunes on the first lists; every split keeps at least one list on each side")
    func inOrderSplit() {
        let split = TuneSplit(listIDs: Self.ids, tuningShare: 0.25, seed: 0, method: .inOrder)
        #expect(split.tuning == Array(0..<10) && split.confirmation == Array(10..<40))
        let tiny = TuneSplit(listIDs: ["a", "b"], tuningShare: 0.99, seed: 0, method: .seeded)
        #expect(tiny.tuning.count == 1 && tiny.confirmation.count == 1)
    }

    @Test("a tune refuses parts too small for a paired test, and warns below the advised size")
    func splitSizes() throws {
        let lists = try Fixtures.lists(users: 4, listSize: 5)
        #expect(throws: TuneError.self) {
            try Tune(lists: lists, listsSource: "f", candidates: [EvalConfiguration()], settings: Tune.Settings(), evaluation: .init())
        }
        let enough = try Tune(
            lists: try Fixtures.lists(users: 8, listSize: 5), listsSource: "f", candidates: [EvalConfiguration()],
            settings: Tune.Settings(),
            evaluation: .init())
        #expect(enough.warnings.count == 2)
    }

    @Test("budgets parse, say what exceeds them, and refuse unknown keys")
    func budgets() throws {
        let budget = try CostBudget.parse("calls=20,prefill=5000,seconds=2.5")
        #expect(budget == CostBudget(calls: 20, prefillTokens: 5000, endpointSeconds: 2.5))
        #expect(budget.description == "calls=20,prefill=5000,seconds=2.5")
        var cost = ListCost()
        cost.calls = 20
        cost.prefillTokens = 4000
        #expect(budget.excess(cost) == nil, "at the limit is within it")
        cost.calls = 26.5
        cost.endpointSeconds = 3
        #expect(budget.excess(cost) == "26.5 calls per list (budget 20), 3 endpoint s per list (budget 2.5)")
        #expect(CostBudget().excess(cost) == nil, "no budget, no limit")
        #expect(throws: TuneError.self) { try CostBudget.parse("tokens=5") }
        #expect(throws: TuneError.self) { try CostBudget.parse("calls=-1") }
    }

    /// The runner the tune uses, over the scripted endpoint.
    func runner(_ endpoint: ScriptedEndpoint) throws -> EvalRunner {
        EvalRunner(
            service: RerankService(client: endpoint, prompts: try Fixtures.prompts(), model: "m"),
            settings: .init(bootstrapSamples: 100, concurrency: 2))
    }

    @Test("the fusion sweep from stored model rankings orders every list as a direct run at the same weight and blend")
    func sweepEqualsDirectRun() async throws {
        let lists = try Fixtures.lists(users: 6, listSize: 8)
        let endpoint = ScriptedEndpoint()
        let runner = try runner(endpoint)
        let candidates = [EvalConfiguration(strategy: .pointwise), EvalConfiguration(strategy: .listwise)]
        let stored = await runner.run(lists: lists, configurations: candidates)
        let sweep = FusionSweep(step: 0.1)
        #expect(sweep.weights.count == 10 && sweep.weights.last == 0.9 && sweep.weights.contains(0.3))
        for candidate in candidates {
            let before = endpoint.calls
            let points = sweep.points(candidate: candidate, results: stored, lists: lists, runner: runner)
            #expect(endpoint.calls == before, "the sweep makes no call")
            #expect(points.count == 20)
            let direct = points.filter { [0, 0.3, 0.7].contains($0.configuration.fusion) }.map(\.configuration)
            let directResults = await runner.run(lists: lists, configurations: direct)
            for point in points where direct.contains(point.configuration) {
                for (index, list) in lists.enumerated() {
                    let run = try #require(directResults.first { $0.listIndex == index && $0.system == point.configuration.name })
                    let swept = sweep.ranking(
                        of: stored.first { $0.listIndex == index && $0.system == candidate.name }, list: list,
                        configuration: point.configuration, runner: runner)
                    #expect(swept == run.ranking, "\(point.configuration.name) on list \(index)")
                    #expect(point.values[index] == run.metrics)
                }
            }
        }
    }

    @Test("weight 1 is the upstream order and makes no ranking call")
    func weightOneMakesNoCall() async throws {
        let lists = try Fixtures.lists(users: 3, listSize: 5)
        let endpoint = ScriptedEndpoint()
        var keep = EvalConfiguration(strategy: .pointwise)
        keep.fusion = 1
        let results = try await runner(endpoint).run(lists: lists, configurations: [keep])
        #expect(endpoint.calls == 0)
        for result in results where result.system == keep.name {
            let upstream = try #require(results.first { $0.listIndex == result.listIndex && $0.system == Baseline.upstream.systemName })
            #expect(result.ranking == upstream.ranking)
        }
    }

    @Test("a tune drops a candidate over the budget, sweeps the rest, confirms on lists it never ran, and caches every call")
    func tuneEndToEnd() async throws {
        let lists = try Fixtures.lists(users: 10, listSize: 6)
        var settings = Tune.Settings()
        settings.budget = CostBudget(calls: 3)
        settings.weightStep = 0.25
        settings.pilotLists = 2
        let tune = try Tune(
            lists: lists, listsSource: "f", candidates: [EvalConfiguration(strategy: .pointwise), EvalConfiguration(strategy: .listwise)],
            settings: settings, evaluation: .init(bootstrapSamples: 200, concurrency: 2))
        let cachePath = Fixtures.temporaryPath("tune.sqlite")
        defer { try? FileManager.default.removeItem(atPath: cachePath) }
        let endpoint = ScriptedEndpoint()
        let result = try await tune.run(
            endpoint: endpoint, baseURL: "u", model: "m", prompts: try Fixtures.prompts(), cache: try ResponseCache(path: cachePath))
        let pointwise = try #require(result.candidates.first { $0.configuration.strategy == .pointwise })
        #expect(pointwise.excluded?.contains("over the budget") == true && pointwise.pilotCost.calls == 6)
        #expect(pointwise.sweep.isEmpty, "a candidate over the budget is not run past the pilot")
        let listwise = try #require(result.candidates.first { $0.configuration.strategy == .listwise })
        #expect(listwise.excluded == nil && listwise.sweep.count == 8)
        #expect(result.selectionCount == 8)
        // Pilot: 2 lists × 6 pointwise calls; tuning: 5 lists × 1 listwise call; confirmation: 5 lists at most.
        let firstCalls = endpoint.calls
        #expect(firstCalls <= 2 * 6 + 5 + 5)
        if let chosen = result.chosen {
            #expect(chosen.strategy == .listwise && result.confirmation?.lists == 5)
        } else {
            #expect(result.written.fusion == 1)
        }
        #expect(result.markdown.contains("## Choice and confirmation"))
        #expect(result.curvesChart.hasPrefix("<svg") || result.curvesChart.contains("<svg"))
        let again = try await tune.run(
            endpoint: endpoint, baseURL: "u", model: "m", prompts: try Fixtures.prompts(), cache: try ResponseCache(path: cachePath))
        #expect(endpoint.calls == firstCalls, "a rerun is answered from the cache")
        #expect(again.chosen == result.chosen && again.confirmation == result.confirmation)
    }

    /// A tune result that chose `chosen`, confirmed or not.
    func result(chosen: EvalConfiguration, confirmed: Bool) -> TuneResult {
        var result = TuneResult(
            listsSource: "lists.jsonl", baseURL: "http://127.0.0.1:8013/v1", model: "Qwen2.5-Coder-1.5B-Instruct",
            settings: Tune.Settings(), evaluation: .init(), split: TuneSplit(listIDs: Self.ids, tuningShare: 0.5, seed: 0, method: .seeded),
            metric: "ndcg@10")
        result.chosen = chosen
        let gain = confirmed ? 0.2 : 0.0
        var upstream: [Double] = []
        for index in 0..<20 { upstream.append(0.3 + Double(index % 3) / 10) }
        let chosenValues = upstream.map { $0 + gain }
        result.confirmation = Confirmation(
            chosen: chosenValues, upstream: upstream, random: nil, bootstrap: Bootstrap(samples: 200), level: 0.05)
        result.confirmationCost = ListCost()
        return result
    }

    @Test("tuned.yaml round-trips through the configuration loader: the choice when confirmed, else the upstream order")
    func tunedYAMLRoundTrips() throws {
        var chosen = try EvalConfiguration.parse("strategy=pointwise,fusion=0.7,fusion_mode=score,pointwise_scale=grades")
        chosen.name = chosen.defaultName
        var base = Configuration()
        base.endpoint.baseURL = "http://127.0.0.1:8013/v1"
        base.endpoint.model = "Qwen2.5-Coder-1.5B-Instruct"
        base.endpoint.headers = ["X-Team": "recs: ranking"]
        base.serve.maxPromptTokens = 2500
        let file = try TunedConfigurationFile(result: result(chosen: chosen, confirmed: true), base: base)
        let loaded = try ConfigurationLoader(environment: [:]).load(yaml: file.text, path: "tuned.yaml")
        #expect(loaded == file.configuration)
        let options = loaded.defaultOptions
        #expect(
            options.strategy == .pointwise && options.fusion == 0.7 && options.fusionMode == .score && options.pointwiseScale == .grades)
        #expect(loaded.endpoint.baseURL == base.endpoint.baseURL && loaded.endpoint.model == base.endpoint.model)
        #expect(loaded.endpoint.headers == base.endpoint.headers && loaded.serve.maxPromptTokens == 2500)
        #expect(file.text.hasPrefix("# Written by `rerank-agent eval tune`"))
        #expect(file.text.contains("# Confirmation lists:"))

        let kept = try TunedConfigurationFile(result: result(chosen: chosen, confirmed: false), base: base)
        let keptOptions = try ConfigurationLoader(environment: [:]).load(yaml: kept.text, path: "tuned.yaml").defaultOptions
        #expect(keptOptions.fusion == 1, "not confirmed: the upstream order is written")
        #expect(kept.text.contains("keeps the upstream order"))
    }

    @Test(
        "the selection is honest: when every configuration is equally good, the confirmation reports a gain no more often than its level, while testing the winner on the lists that chose it would"
    )
    func honestSelection() {
        var generator = SplitMix64(seed: 42)
        func draw() -> Double {
            // NDCG-like values: 0 for most lists, else 1/log2(rank + 1) for a random rank among 20.
            let rank = SeededSampling.uniform(20, using: &generator) + 1
            return rank <= 10 ? 1 / log2(Double(rank) + 1) : 0
        }
        let trials = 300, lists = 40, configurations = 20, level = 0.05
        var confirmedGains = 0, gainsOnTuningLists = 0, chosenCount = 0
        for trial in 0..<trials {
            let tuning = (0..<configurations).map { _ in (0..<lists).map { _ in draw() } }
            let upstream = (0..<lists).map { _ in draw() }
            guard let best = TuneSelection.best(tuning, upstream: upstream) else { continue }
            chosenCount += 1
            let bootstrap = Bootstrap(samples: 400, seed: UInt64(trial))
            if Confirmation(chosen: tuning[best], upstream: upstream, random: nil, bootstrap: bootstrap, level: level).confirmed {
                gainsOnTuningLists += 1
            }
            // Fresh lists: the chosen configuration is as good as any other, so as good as the upstream.
            let confirmation = Confirmation(
                chosen: (0..<lists).map { _ in draw() }, upstream: (0..<lists).map { _ in draw() }, random: nil, bootstrap: bootstrap,
                level: level)
            if confirmation.confirmed { confirmedGains += 1 }
        }
        #expect(chosenCount > trials * 9 / 10)
        // One-sided: a significant positive gain comes about level / 2 of the time; allow sampling noise.
        #expect(Double(confirmedGains) / Double(trials) <= level, "\(confirmedGains) of \(trials)")
        #expect(
            Double(gainsOnTuningLists) / Double(trials) > 3 * level,
            "choosing and testing on the same lists overstates: \(gainsOnTuningLists)")
    }
}
