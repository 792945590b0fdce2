import Foundation
import RerankCore
import ResponseCaching

/// A finished evaluation: what was run, on what, against which endpoint, the summary, and the facts of this
/// particular run (times, cache use) kept apart so two runs of the same evaluation can be compared byte for byte.
public struct EvalReport: Sendable {
    /// Facts that change from run to run even when the results do not.
    public struct RunFacts: Sendable {
        public var startedAt: Date
        public var finishedAt: Date
        public var cachePath: String?
        public var cache: CachedChatClient.Statistics

        public init(startedAt: Date, finishedAt: Date, cachePath: String?, cache: CachedChatClient.Statistics) {
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.cachePath = cachePath
            self.cache = cache
        }

        public var wallSeconds: Double { finishedAt.timeIntervalSince(startedAt) }
    }

    /// The labelled-list file, as named on the command line.
    public var listsSource: String
    public var baseURL: String
    public var model: String
    public var settings: EvalRunner.Settings
    public var configurations: [EvalConfiguration]
    public var summary: EvalSummary
    public var results: [ListResult]
    public var run: RunFacts
    /// Every list's labels in list order, for the exported qrels.
    public var listLabels: [[String: Double]] = []
    /// The rerank-agent version, commit and local model digest that made the report.
    public var software: BuildInfo?

    public init(
        listsSource: String, baseURL: String, model: String, settings: EvalRunner.Settings, configurations: [EvalConfiguration],
        summary: EvalSummary, results: [ListResult], run: RunFacts
    ) {
        self.listsSource = listsSource
        self.baseURL = baseURL
        self.model = model
        self.settings = settings
        self.configurations = configurations
        self.summary = summary
        self.results = results
        self.run = run
    }

    /// Writes report.md, report.json, per-list.jsonl, per-list.csv, qrels.txt, one TREC run per system under
    /// `runs/`, and the SVG charts into `directory`.
    public func write(to directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let folder = URL(fileURLWithPath: directory)
            try Data(markdown.utf8).write(to: folder.appendingPathComponent("report.md"), options: .atomic)
            try Data((json.prettyPrinted + "\n").utf8).write(to: folder.appendingPathComponent("report.json"), options: .atomic)
            try Data(perListLines.utf8).write(to: folder.appendingPathComponent("per-list.jsonl"), options: .atomic)
            try Data(perListCSV.utf8).write(to: folder.appendingPathComponent("per-list.csv"), options: .atomic)
            try Data(qrels.text.utf8).write(to: folder.appendingPathComponent("qrels.txt"), options: .atomic)
            let runs = folder.appendingPathComponent("runs")
            try FileManager.default.createDirectory(at: runs, withIntermediateDirectories: true)
            for run in trecRuns {
                try Data(run.text.utf8).write(to: runs.appendingPathComponent(run.fileName), options: .atomic)
            }
            try Data(ndcgChart.utf8).write(to: folder.appendingPathComponent("ndcg.svg"), options: .atomic)
            if let positionBiasChart {
                try Data(positionBiasChart.utf8).write(to: folder.appendingPathComponent("position-bias.svg"), options: .atomic)
            }
        } catch {
            throw EvalSetupError.cannotWriteReport(path: directory, reason: error.localizedDescription)
        }
    }
}
