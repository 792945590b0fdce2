import Foundation
import RerankCore
import Testing

@testable import RerankEval

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Harness and reports")
struct HarnessTests {
    @Test("configuration specs parse, name themselves, and reject unknown keys with the valid ones")
    func configurationSpecs() throws {
        let parsed = try EvalConfiguration.parse("strategy=listwise,prompt=recency,votes=5,structured=true,fusion=0.3")
        #expect(parsed.prompt == .recency && parsed.votes == 5 && parsed.structuredOutput && parsed.fusion == 0.3)
        #expect(parsed.name == "listwise/recency/v5/json/f0.3")
        #expect(try EvalConfiguration.parse("name=mine").name == "mine")
        #expect(throws: EvalSetupError.self) { try EvalConfiguration.parse("prompt=nope") }
        #expect(throws: EvalSetupError.self) { try EvalConfiguration.parse("vote=3") }
        #expect(try EvalConfiguration.parse("sweep=true").positionSweep)
        let setwise = try EvalConfiguration.parse("strategy=setwise,set_size=3,top_k=5")
        #expect(setwise.name == "setwise/sequential/v1/s3/k5")
        #expect(setwise.apply(to: RerankOptions()).topK == 5 && setwise.apply(to: RerankOptions()).setSize == 3)
        #expect(EvalConfiguration(strategy: .setwise).apply(to: RerankOptions()).topK == RerankOptions().topK, "no top_k keeps the default")
        #expect(throws: EvalSetupError.self) { try EvalConfiguration.parse("top_k=0") }
        let graded = try EvalConfiguration.parse("strategy=pointwise,pointwise_scale=grades,pointwise_concurrency=0")
        #expect(graded.name == "pointwise/sequential/v1/grades/pc0")
        #expect(graded.apply(to: RerankOptions()).pointwiseScale == .grades && graded.apply(to: RerankOptions()).pointwiseConcurrency == 0)
        var configured = RerankOptions()
        configured.pointwiseConcurrency = 3
        #expect(EvalConfiguration(strategy: .pointwise).apply(to: configured).pointwiseConcurrency == 3, "left out, the file's value holds")
        #expect(throws: EvalSetupError.self) { try EvalConfiguration.parse("pointwise_scale=stars") }
        #expect(throws: EvalSetupError.self) { try EvalConfiguration.parse("pointwise_concurrency=-1") }
        let calibrated = try EvalConfiguration.parse("strategy=setwise,scoring=logits,calibration=content_free")
        #expect(calibrated.name == "setwise/sequential/v1/logits/cal")
        #expect(calibrated.apply(to: RerankOptions()).calibration == .contentFree)
        var fromFile = RerankOptions()
        fromFile.calibration = .contentFree
        #expect(
            EvalConfiguration(strategy: .setwise).apply(to: fromFile).calibration == .contentFree, "no calibration key keeps the file's")
        #expect(throws: EvalSetupError.self) { try EvalConfiguration.parse("calibration=on") }
        let grid = EvalConfiguration.grid(
            strategies: [.listwise], prompts: [.sequential, .icl], votes: [1, 5], structuredOutput: [false], fusion: [0, 0.5])
        #expect(grid.count == 8)
        #expect(Set(grid.map(\.name)).count == 8)
        // Axes in order, outermost first; set sizes only for setwise, fusion modes only with some fusion.
        let dependent = EvalConfiguration.grid(
            strategies: [.listwise, .setwise], prompts: [.sequential], votes: [1], structuredOutput: [false], fusion: [0, 0.5],
            setSizes: [3, 5], fusionModes: [.rank, .score])
        #expect(
            dependent.map(\.name) == [
                "listwise/sequential/v1", "listwise/sequential/v1/f0.5", "listwise/sequential/v1/fs0.5",
                "setwise/sequential/v1/s3", "setwise/sequential/v1/s3/f0.5", "setwise/sequential/v1/s3/fs0.5",
                "setwise/sequential/v1/s5", "setwise/sequential/v1/s5/f0.5", "setwise/sequential/v1/s5/fs0.5",
            ])
    }

    @Test("sweep positions for 20 candidates are the 1st, 6th, 11th, 15th and 20th")
    func sweepPositions() {
        #expect(SweepPosition.allCases.map { $0.index(count: 20) + 1 } == [1, 6, 11, 15, 20])
    }

    @Test("the sweep moves the relevant item and keeps the others in upstream order without scores")
    func sweepReorders() throws {
        let candidates = ["a", "b", "c", "d", "e"].enumerated().map { Item(id: $1, title: $1.uppercased(), score: Double(10 - $0)) }
        let list = LabelledList(
            request: .init(id: "x", user: .init(history: []), candidates: candidates, options: .init()), labels: ["b": 1])
        let last = try #require(SweepPosition.last.apply(to: list))
        #expect(last.map(\.id) == ["a", "c", "d", "e", "b"])
        #expect(last.allSatisfy { $0.score == nil })
        #expect(SweepPosition.first.apply(to: list)?.map(\.id) == ["b", "a", "c", "d", "e"])
        let unlabelled = LabelledList(request: list.request, labels: [:])
        #expect(SweepPosition.middle.apply(to: unlabelled) == nil)
    }

    @Test("the upstream baseline at each sweep position scores exactly where the relevant item was put")
    func sweepBaseline() async throws {
        let evaluation = try Evaluation(
            lists: Fixtures.lists(listSize: 5), listsSource: "f", configurations: [],
            settings: .init(bootstrapSamples: 100, positionSweep: true))
        let report = await evaluation.run(endpoint: FakeEndpoint(), baseURL: "u", model: "m", prompts: try Fixtures.prompts(), cache: nil)
        let mrr = try #require(report.summary.metricIndex("mrr"))
        let expected: [SweepPosition: Double] = [.first: 1, .quarter: 0.5, .middle: 1.0 / 3, .threeQuarters: 0.25, .last: 0.2]
        for (position, value) in expected {
            let row = try #require(report.summary.row(Baseline.upstream.systemName, .swept(position)))
            #expect(abs(row.estimates[mrr].mean - value) < 1e-9, "\(position)")
        }
    }

    @Test("a run reports every configuration beside the baselines, with comparisons, validity and cost")
    func reportContents() async throws {
        let lists = try Fixtures.lists(users: 4)
        let configurations = [
            EvalConfiguration(strategy: .listwise, votes: 1), EvalConfiguration(strategy: .listwise, votes: 2, fusion: 0.5),
        ]
        let evaluation = try Evaluation(
            lists: lists, listsSource: "f", configurations: configurations, settings: .init(bootstrapSamples: 200, positionSweep: true))
        let endpoint = FakeEndpoint()
        let report = await evaluation.run(endpoint: endpoint, baseURL: "u", model: "m", prompts: try Fixtures.prompts(), cache: nil)
        let systems = report.summary.rows.filter { $0.placement == .asGiven }.map(\.system)
        #expect(systems == configurations.map(\.name) + ["baseline:upstream", "baseline:random", "baseline:popularity"])
        #expect(report.summary.comparisons.count == configurations.count * 3 * report.summary.metricNames.count)
        let usage = try #require(report.summary.row(configurations[0].name)?.usage)
        #expect(usage.lists == lists.count)
        #expect(usage.llmCalls == lists.count)
        #expect(usage.promptTokens > 0)
        #expect(usage.endpointP50 >= 250)
        #expect(report.summary.row(configurations[0].name)?.perList.first?.count == lists.count)
        #expect(report.markdown.contains("## Against the baselines"))
        #expect(report.markdown.contains("## Position bias"))
        #expect(report.results.filter { $0.usage != nil }.count == lists.count * configurations.count * 6)
    }

    @Test("only a configuration that asks for the sweep is swept, and the baselines are swept beside it")
    func sweepPerConfiguration() async throws {
        let lists = try Fixtures.lists(users: 2)
        let swept = try EvalConfiguration.parse("votes=1,sweep=true")
        let plain = EvalConfiguration(prompt: .recency)
        let evaluation = try Evaluation(
            lists: lists, listsSource: "f", configurations: [swept, plain], settings: .init(bootstrapSamples: 100))
        #expect(evaluation.workCount == lists.count * 7)
        let report = await evaluation.run(endpoint: FakeEndpoint(), baseURL: "u", model: "m", prompts: try Fixtures.prompts(), cache: nil)
        #expect(report.results.filter { $0.system == swept.name }.count == lists.count * 6)
        #expect(report.results.filter { $0.system == plain.name }.count == lists.count)
        #expect(report.summary.row(Baseline.upstream.systemName, .swept(.last)) != nil)
        #expect(report.summary.row(plain.name, .swept(.last)) == nil)
        #expect(report.positionBiasChart != nil)
    }

    @Test("without any sweep there is no position-bias chart or table")
    func noSweep() async throws {
        let evaluation = try Evaluation(
            lists: Fixtures.lists(users: 2), listsSource: "f", configurations: [EvalConfiguration()], settings: .init(bootstrapSamples: 100)
        )
        let report = await evaluation.run(endpoint: FakeEndpoint(), baseURL: "u", model: "m", prompts: try Fixtures.prompts(), cache: nil)
        #expect(report.positionBiasChart == nil)
        #expect(!report.markdown.contains("## Position bias"))
    }

    @Test("two configurations with the same name are refused before anything runs")
    func duplicateNames() throws {
        #expect(throws: EvalSetupError.self) {
            try Evaluation(
                lists: Fixtures.lists(), listsSource: "f", configurations: [EvalConfiguration(), EvalConfiguration()], settings: .init())
        }
    }

    @Test(
        "a configuration named like a baseline or an imported run is refused before anything runs, naming the name",
        arguments: ["baseline:upstream", "upstream", "random", "popularity", "baseline:mine", "run:mine"])
    func reservedNames(name: String) async throws {
        let configuration = try EvalConfiguration.parse("votes=1,name=\(name)")
        #expect {
            try Evaluation(lists: Fixtures.lists(), listsSource: "f", configurations: [configuration], settings: .init())
        } throws: { error in
            guard let setup = error as? EvalSetupError, case .reservedName(let refused, _) = setup else { return false }
            return refused == name && setup.description.contains("'\(name)'") && setup.description.contains("name=")
        }
        // Beside the baselines, the runner still orders a name it was handed unchecked instead of trapping.
        let endpoint = FakeEndpoint()
        let runner = EvalRunner(
            service: RerankService(client: endpoint, prompts: try Fixtures.prompts(), model: "m"), settings: .init(bootstrapSamples: 100))
        let results = await runner.run(lists: try Fixtures.lists(users: 1), configurations: [configuration])
        #expect(results.contains { $0.system == name })
    }

    @Test("two --run files of one name are refused, as are two configurations of one name")
    func repeatedRunNames() throws {
        let run = ImportedRun(name: "mine", run: TrecRun(rankings: ["u": [TrecRun.Entry(id: "a", score: 1)]], queryIDs: ["u"]))
        #expect(throws: EvalSetupError.duplicateRunName("mine")) {
            try Evaluation.checkNames(configurations: [EvalConfiguration()], importedRuns: [run, run])
        }
        #expect(throws: EvalSetupError.duplicateName("dup")) {
            try Evaluation.checkNames(
                configurations: [EvalConfiguration(name: "dup"), EvalConfiguration(name: "dup", votes: 5)], importedRuns: [run])
        }
        #expect(throws: Never.self) { try Evaluation.checkNames(configurations: [EvalConfiguration(name: "mine")], importedRuns: [run]) }
    }

    @Test("the report folder holds report.md, report.json, per-list.jsonl and well-formed SVG charts")
    func writesReport() async throws {
        let evaluation = try Evaluation(
            lists: Fixtures.lists(), listsSource: "f", configurations: [EvalConfiguration()],
            settings: .init(bootstrapSamples: 200, positionSweep: true))
        let report = await evaluation.run(
            endpoint: FakeEndpoint(), baseURL: "u", model: "m <&> model", prompts: try Fixtures.prompts(), cache: nil)
        let folder = Fixtures.temporaryPath("report")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try report.write(to: folder)
        for name in ["report.md", "report.json", "per-list.jsonl", "ndcg.svg", "position-bias.svg"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + name), "\(name)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/report.json"))) as? [String: Any]
        #expect((json?["systems"] as? [Any])?.count == 4)
        for chart in ["ndcg.svg", "position-bias.svg"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + chart))
            let parser = XMLParser(data: data)
            #expect(parser.parse(), "\(chart) is not well-formed XML")
            #expect(String(decoding: data, as: UTF8.self).contains("m &lt;&amp;&gt; model"))
        }
    }
}
