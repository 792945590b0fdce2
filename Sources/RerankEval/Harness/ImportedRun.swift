/// A ranking made elsewhere (the team's own ranker, another model), read from a TREC run file and scored on the
/// same lists beside the configurations and baselines, so "does the LLM beat my ranker?" is one paired comparison.
public struct ImportedRun: Sendable, Hashable {
    /// The name the report shows, `run:<name>`.
    public var name: String
    public var run: TrecRun

    public init(name: String, run: TrecRun) {
        self.name = name
        self.run = run
    }

    /// What every imported run's system name starts with, so no configuration can be named like one.
    public static let systemNamePrefix = "run:"

    public var systemName: String { Self.systemNamePrefix + name }

    /// `NAME=PATH`, or a bare path named after its file (without the extension).
    public static func parse(_ spec: String) throws -> ImportedRun {
        let name: String, path: String
        if let equals = spec.firstIndex(of: "="), equals != spec.startIndex {
            name = String(spec[..<equals])
            path = String(spec[spec.index(after: equals)...])
        } else {
            path = spec
            let file = path.split(separator: "/").last.map(String.init) ?? path
            name = file.split(separator: ".").first.map(String.init) ?? file
        }
        guard !name.isEmpty, name.allSatisfy({ !$0.isWhitespace && $0 != "," }) else {
            throw EvalSetupError.invalidSetting("--run \(spec): the name must be non-empty, without spaces or commas; write NAME=PATH")
        }
        return ImportedRun(name: name, run: try TrecRun.read(path: path))
    }

    /// The run's results on the lists, as given: each list's query id is its id; the run's whole ranking of it is
    /// scored (trec_eval's order), and a list the run does not rank gets an empty ranking, scoring 0 as in `trec_eval -c`.
    public func results(lists: [LabelledList], metrics: MetricSet) -> [ListResult] {
        lists.enumerated().map { index, list in
            let ranking = (run.rankings[list.request.id] ?? []).map(\.id)
            return ListResult(
                listIndex: index, system: systemName, placement: .asGiven, ranking: ranking,
                metrics: metrics.evaluate(ranking, labels: list.labels))
        }
    }

    /// How many of the lists the run does not rank.
    public func missing(from lists: [LabelledList]) -> Int {
        lists.filter { run.rankings[$0.request.id] == nil }.count
    }
}
