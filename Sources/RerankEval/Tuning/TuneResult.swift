import Foundation
import ResponseCaching

/// Everything a tune found: the split, each candidate's cost and sweep on the tuning lists, the choice, and its test
/// on the confirmation lists. `markdown`, `curvesChart` and `TunedConfigurationFile` are written from it.
public struct TuneResult: Sendable {
    /// One candidate configuration: what it cost, why it was dropped (if it was), and its sweep.
    public struct Candidate: Sendable, Hashable {
        public var configuration: EvalConfiguration
        public var pilotCost: ListCost
        public var tuningCost: ListCost?
        /// Why the candidate was not chosen from, or nil.
        public var excluded: String?
        /// The sweep's points, rank blend then score blend, weights ascending.
        public var sweep: [SweepPoint] = []

        public init(configuration: EvalConfiguration, pilotCost: ListCost) {
            self.configuration = configuration
            self.pilotCost = pilotCost
        }
    }

    /// One point of a sweep, summarised: the mean of the chosen metric on the tuning lists.
    public struct SweepPoint: Sendable, Hashable {
        public var configuration: EvalConfiguration
        public var mean: Double

        public init(configuration: EvalConfiguration, mean: Double) {
            self.configuration = configuration
            self.mean = mean
        }

        init(point: FusionSweep.Point, metricIndex: Int) {
            configuration = point.configuration
            mean = Bootstrap.mean(point.values.map { $0[metricIndex] })
        }
    }

    public var listsSource: String
    public var baseURL: String
    public var model: String
    public var settings: Tune.Settings
    public var evaluation: EvalRunner.Settings
    public var split: TuneSplit
    public var metric: String
    public var candidates: [Candidate] = []
    /// The metric of the upstream order and of random on each tuning list.
    public var tuningUpstream: [Double] = []
    public var tuningRandom: [Double] = []
    /// Points compared while choosing: every weight and blend of every candidate within the budget.
    public var selectionCount = 0
    /// The chosen configuration (fused at its weight), or nil when nothing beat the upstream on the tuning lists.
    public var chosen: EvalConfiguration?
    /// The name of the candidate it blends.
    public var chosenCandidate: String?
    /// The choice on the tuning lists that chose it: optimistic, since it is the best of `selectionCount`.
    public var tuning: Confirmation?
    /// The choice on the confirmation lists: the honest figure.
    public var confirmation: Confirmation?
    public var confirmationCost: ListCost?
    /// The gain a test on the confirmation lists detects with 80 % power, from the tuning lists' spread.
    public var detectableDifference: Double?
    public var tuningSeconds = 0.0
    public var confirmationSeconds = 0.0
    public var wallSeconds = 0.0
    public var cache = CachedChatClient.Statistics()
    /// The software that ran the tune, when known.
    public var software: String?

    public init(
        listsSource: String, baseURL: String, model: String, settings: Tune.Settings, evaluation: EvalRunner.Settings, split: TuneSplit,
        metric: String
    ) {
        self.listsSource = listsSource
        self.baseURL = baseURL
        self.model = model
        self.settings = settings
        self.evaluation = evaluation
        self.split = split
        self.metric = metric
    }

    /// The chosen configuration beat the upstream on the confirmation lists; otherwise the upstream order is kept.
    public var confirmed: Bool { confirmation?.confirmed == true }

    /// What the written configuration ranks with: the chosen one when confirmed, else the upstream order (fusion 1,
    /// no ranking call; the model only for reasons).
    public var written: EvalConfiguration {
        if confirmed, let chosen { return chosen }
        var keep = chosen ?? candidates.first?.configuration ?? EvalConfiguration()
        keep.fusion = 1
        keep.fusionMode = .rank
        keep.name = "upstream"
        return keep
    }

    /// The cost per list of the written configuration: the confirmation run's, or nothing for the upstream order.
    public var writtenCost: ListCost {
        confirmed ? (confirmationCost ?? ListCost()) : ListCost()
    }

    /// One line saying what was decided and why.
    public var verdict: String {
        guard let chosen, let confirmation else {
            return
                "Nothing beat the upstream order on the \(split.tuning.count) tuning lists; the written configuration keeps the upstream order."
        }
        let gain = confirmation.againstUpstream
        if confirmation.confirmed {
            return
                "\(chosen.name) beat the upstream order on the \(confirmation.lists) confirmation lists: \(metric) \(TuneResult.signed(gain.difference.mean)) "
                + "[\(TuneResult.signed(gain.difference.low)), \(TuneResult.signed(gain.difference.high))], \(TuneResult.p(gain.pValue)); it is written."
        }
        return
            "\(chosen.name), the best of \(selectionCount) on the tuning lists, did not beat the upstream order on the \(confirmation.lists) confirmation lists "
            + "(\(metric) \(TuneResult.signed(gain.difference.mean)) [\(TuneResult.signed(gain.difference.low)), \(TuneResult.signed(gain.difference.high))], "
            + "\(TuneResult.p(gain.pValue)), level \(TuneResult.number(confirmation.level))); the written configuration keeps the upstream order."
    }

    /// Writes report.md and tuning-curves.svg into `directory`.
    public func write(to directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let folder = URL(fileURLWithPath: directory)
            try Data(markdown.utf8).write(to: folder.appendingPathComponent("report.md"), options: .atomic)
            try Data(curvesChart.utf8).write(to: folder.appendingPathComponent("tuning-curves.svg"), options: .atomic)
        } catch {
            throw EvalSetupError.cannotWriteReport(path: directory, reason: error.localizedDescription)
        }
    }

    static func signed(_ value: Double) -> String { String(format: "%+.3f", value) }
    static func number(_ value: Double) -> String { String(format: "%.3f", value) }
    /// `p = 0.012`, or `p < 0.001`.
    static func p(_ value: Double) -> String { value < 0.001 ? "p < 0.001" : String(format: "p = %.3f", value) }
    static func cost(_ value: Double) -> String { value >= 100 ? String(format: "%.0f", value) : String(format: "%.1f", value) }
}
