import Foundation
import RerankCore
import Testing

@testable import RerankEval

/// Our metrics against trec_eval's C code on the same files: generated runs with graded labels, score ties,
/// relevant items the run never retrieves and queries without any relevant item.
@Suite("Metrics equal trec_eval's", .enabled(if: TrecEvalReference.available || TrecEvalReference.required))
struct TrecEvalDifferentialTests {
    static let tolerance = 1e-6

    /// 80 queries; every fifth has only non-relevant judgements, scores come from a few values so they tie,
    /// and ids like d2/d10 make trec_eval's byte-wise id tie-break differ from natural order.
    static func generated(seed: UInt64) -> (run: TrecRun, qrels: Qrels) {
        var generator = SplitMix64(seed: seed)
        var rankings: [String: [TrecRun.Entry]] = [:]
        var labels: [String: [String: Double]] = [:]
        for query in 0..<80 {
            let id = "q\(query)"
            let size = 1 + SeededSampling.uniform(30, using: &generator)
            let documents = SeededSampling.sample((0..<60).map { "d\($0)" }, count: size, using: &generator)
            let levels = 1 + SeededSampling.uniform(4, using: &generator)
            rankings[id] = documents.map {
                TrecRun.Entry(id: $0, score: Double(SeededSampling.uniform(levels, using: &generator)) * 0.25 - 0.5)
            }
            var judged: [String: Double] = [:]
            for document in documents where SeededSampling.uniform(3, using: &generator) > 0 {
                judged[document] = query % 5 == 0 ? 0 : Double(SeededSampling.uniform(4, using: &generator))
            }
            // Relevant items the run does not retrieve still count in recall, MAP and the ideal DCG.
            for extra in 60..<(60 + SeededSampling.uniform(3, using: &generator)) {
                judged["d\(extra)"] = query % 5 == 0 ? 0 : Double(1 + SeededSampling.uniform(3, using: &generator))
            }
            if judged.isEmpty { judged[documents[0]] = 0 }
            labels[id] = judged
        }
        return (TrecRun(rankings: rankings), Qrels(labels: labels))
    }

    /// Our value of each trec_eval measure for one query of the run, ranked trec_eval's way.
    static func ours(_ entries: [TrecRun.Entry], labels: [String: Double]) -> [String: Double] {
        let ranking = TrecRun.trecEvalOrder(entries).map(\.id)
        return [
            "ndcg_cut_5": Metrics.ndcg(ranking, labels: labels, cutoff: 5),
            "ndcg_cut_10": Metrics.ndcg(ranking, labels: labels, cutoff: 10),
            "ndcg_cut_20": Metrics.ndcg(ranking, labels: labels, cutoff: 20),
            "recall_10": Metrics.recall(ranking, labels: labels, cutoff: 10),
            "recip_rank": Metrics.reciprocalRank(ranking, labels: labels),
            "map": Metrics.averagePrecision(ranking, labels: labels),
        ]
    }

    @Test("NDCG@5/10/20, Recall@10, recip_rank and MAP agree with trec_eval to 1e-6 on every query", arguments: [1, 2, 3] as [UInt64])
    func generatedRuns(seed: UInt64) throws {
        let (run, qrels) = Self.generated(seed: seed)
        let folder = Fixtures.temporaryPath("trec-\(seed)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let runPath = folder + "/run.txt", qrelsPath = folder + "/qrels.txt"
        try Data(run.text(tag: "generated").utf8).write(to: URL(fileURLWithPath: runPath))
        try Data(qrels.text.utf8).write(to: URL(fileURLWithPath: qrelsPath))
        // What we wrote reads back as what we generated.
        #expect(try TrecRun.read(path: runPath).rankings == run.rankings)
        #expect(try Qrels.read(path: qrelsPath).labels == qrels.labels)

        let reference = try TrecEvalReference.evaluate(qrels: qrelsPath, run: runPath)
        #expect(Set(reference.keys) == Set(run.rankings.keys))
        var compared = 0
        for (query, entries) in run.rankings {
            let theirs = try #require(reference[query], "trec_eval has no result for \(query)")
            let mine = Self.ours(entries, labels: qrels.labels[query] ?? [:])
            for (measure, value) in mine {
                let expected = try #require(theirs[measure], "trec_eval has no \(measure)")
                #expect(abs(value - expected) <= Self.tolerance, "\(query) \(measure): ours \(value), trec_eval \(expected)")
                compared += 1
            }
        }
        #expect(compared == 80 * 6)
        // The queries without a relevant item are there and score 0 in both.
        #expect(reference["q0"]?["ndcg_cut_10"] == 0 && reference["q0"]?["map"] == 0)
    }

    @Test("trec_eval breaks score ties by document id, descending; the shown order would disagree on tied queries")
    func tieBreakIsTrecEvals() throws {
        let run = TrecRun(rankings: ["q": [.init(id: "a", score: 1), .init(id: "b", score: 1), .init(id: "c", score: 0)]])
        let qrels = Qrels(labels: ["q": ["a": 1]])
        #expect(run.rankings["q"]?.map(\.id) == ["b", "a", "c"])
        let folder = Fixtures.temporaryPath("trec-ties")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(run.text(tag: "t").utf8).write(to: URL(fileURLWithPath: folder + "/run.txt"))
        try Data(qrels.text.utf8).write(to: URL(fileURLWithPath: folder + "/qrels.txt"))
        let reference = try TrecEvalReference.evaluate(qrels: folder + "/qrels.txt", run: folder + "/run.txt")
        #expect(reference["q"]?["recip_rank"] == 0.5)
        // Our own score-ordering keeps the shown order among ties (a before b), which trec_eval would not.
        #expect(Metrics.reciprocalRank(Metrics.order(["a", "b", "c"], scores: ["a": 1, "b": 1, "c": 0]), labels: ["a": 1]) == 1)
    }

    @Test("a report's exported qrels and runs give trec_eval the report's own per-list values")
    func exportedReport() async throws {
        let lists = try Fixtures.lists(users: 6, listSize: 8)
        let evaluation = try Evaluation(
            lists: lists, listsSource: "f", configurations: [EvalConfiguration(votes: 1)],
            settings: .init(metrics: MetricSet(ndcgCutoffs: [5, 10, 20]), bootstrapSamples: 100))
        let report = await evaluation.run(endpoint: FakeEndpoint(), baseURL: "u", model: "m", prompts: try Fixtures.prompts(), cache: nil)
        let folder = Fixtures.temporaryPath("report")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try report.write(to: folder)
        let names = report.summary.metricNames
        let measures = [
            "ndcg_cut_5": "ndcg@5", "ndcg_cut_10": "ndcg@10", "ndcg_cut_20": "ndcg@20", "recall_10": "recall@10", "recip_rank": "mrr",
            "map": "map",
        ]
        for system in [EvalConfiguration(votes: 1).name, Baseline.upstream.systemName, Baseline.popularity.systemName] {
            let runPath = "\(folder)/runs/\(EvalReport.fileStem(system)).run"
            let reference = try TrecEvalReference.evaluate(qrels: folder + "/qrels.txt", run: runPath)
            let results = report.results.filter { $0.system == system && $0.placement == .asGiven }
            #expect(results.count == lists.count)
            for result in results {
                let theirs = try #require(reference[report.summary.listIDs[result.listIndex]])
                for (measure, metric) in measures {
                    let index = try #require(names.firstIndex(of: metric))
                    #expect(abs((theirs[measure] ?? -1) - result.metrics[index]) <= Self.tolerance, "\(system) \(measure)")
                }
            }
        }
        let csv = try String(contentsOfFile: folder + "/per-list.csv", encoding: .utf8)
        #expect(csv.hasPrefix("list,system,placement," + names.joined(separator: ",") + "\n"))
        #expect(csv.split(separator: "\n").count == report.results.count + 1)
    }

    @Test("an imported run with tied scores is scored as trec_eval scores it, and every configuration is compared with it")
    func importedRun() async throws {
        let lists = try Fixtures.lists(users: 6, listSize: 8)
        let folder = Fixtures.temporaryPath("imported")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Every candidate gets one of two scores, so most of the order comes from trec_eval's id tie-break; one list is left out.
        var text = ""
        for list in lists.dropFirst() {
            for (index, id) in list.candidateIDs.enumerated() {
                text += "\(list.request.id) Q0 \(id) \(index + 1) \(index % 2 == 0 ? 1 : 0) mine\n"
            }
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/mine.run"))
        let imported = try ImportedRun.parse("mine=\(folder)/mine.run")
        #expect(imported.systemName == "run:mine" && imported.missing(from: lists) == 1)
        var evaluation = try Evaluation(
            lists: lists, listsSource: "f", configurations: [EvalConfiguration(votes: 1)],
            settings: .init(metrics: MetricSet(ndcgCutoffs: [5, 10, 20]), bootstrapSamples: 100))
        evaluation.importedRuns = [imported]
        let report = await evaluation.run(endpoint: FakeEndpoint(), baseURL: "u", model: "m", prompts: try Fixtures.prompts(), cache: nil)
        try report.write(to: folder + "/report")
        let reference = try TrecEvalReference.evaluate(qrels: folder + "/report/qrels.txt", run: folder + "/mine.run")
        let names = report.summary.metricNames
        let measures = [
            "ndcg_cut_5": "ndcg@5", "ndcg_cut_10": "ndcg@10", "ndcg_cut_20": "ndcg@20", "recall_10": "recall@10", "recip_rank": "mrr",
            "map": "map",
        ]
        let results = report.results.filter { $0.system == "run:mine" }
        #expect(results.count == lists.count)
        for result in results {
            let id = report.summary.listIDs[result.listIndex]
            guard let theirs = reference[id] else {
                #expect(result.ranking.isEmpty && result.metrics.allSatisfy { $0 == 0 }, "the unranked list scores 0")
                continue
            }
            for (measure, metric) in measures {
                let index = try #require(names.firstIndex(of: metric))
                #expect(abs((theirs[measure] ?? -1) - result.metrics[index]) <= Self.tolerance, "\(id) \(measure)")
            }
        }
        #expect(report.summary.comparisons.contains { $0.system == EvalConfiguration(votes: 1).name && $0.baseline == "run:mine" })
        #expect(report.summary.comparisons.contains { $0.system == "run:mine" && $0.baseline == Baseline.upstream.systemName })
        #expect(report.markdown.contains("| run:mine |"))
        #expect(report.json.prettyPrinted.contains("\"imported_run\""))
    }

    @Test("qrels replace the lists' labels; lists they do not judge are counted and get none")
    func qrelsRelabel() throws {
        let lists = try Fixtures.lists(users: 3)
        let first = lists[0]
        let qrels = try Qrels(
            text: "\(first.request.id) 0 \(first.candidateIDs[0]) 2\n\(first.request.id) 0 \(first.candidateIDs[1]) 0\n", path: "q.txt")
        let (relabelled, unjudged) = qrels.relabel(lists)
        #expect(unjudged == lists.count - 1)
        #expect(relabelled[0].labels == [first.candidateIDs[0]: 2, first.candidateIDs[1]: 0])
        #expect(relabelled[1].labels.isEmpty)
        #expect(throws: DatasetError.self) { try Qrels(text: "q 0 d high\n", path: "q.txt") }
        #expect(throws: DatasetError.self) { try Qrels(text: "q 0 d 1\nq 0 d 2\n", path: "q.txt") }
    }
}
