import Foundation

extension EvalReport {
    /// One TREC run per system, as the lists were shown (`as_given`): the file name under `runs/` and its text.
    /// Scores are n − rank + 1 (see `TrecRun.scores(forRanking:)`), so trec_eval's own tie-break never applies and
    /// it reads our order. The random baseline's run is its first draw; its report metrics average all draws.
    public var trecRuns: [(fileName: String, text: String)] {
        var bySystem: [String: [String: [TrecRun.Entry]]] = [:]
        var systems: [String] = []
        for result in results where result.placement == .asGiven {
            if bySystem[result.system] == nil { systems.append(result.system) }
            bySystem[result.system, default: [:]][summary.listIDs[result.listIndex]] = TrecRun.scores(forRanking: result.ranking)
        }
        var used: Set<String> = []
        return systems.map { system in
            let base = Self.fileStem(system)
            var name = base
            var suffix = 2
            while !used.insert(name).inserted {
                name = "\(base)-\(suffix)"
                suffix += 1
            }
            let queries = summary.listIDs.filter { bySystem[system]?[$0] != nil }
            return ("\(name).run", TrecRun(rankings: bySystem[system] ?? [:], queryIDs: queries).text(tag: system))
        }
    }

    /// qrels.txt: every list's labels. A list without labels has no line, so trec_eval leaves it out of its
    /// means, where this report counts it as 0.
    public var qrels: Qrels {
        let labelled = zip(summary.listIDs, listLabels).filter { !$0.1.isEmpty }
        return Qrels(labels: Dictionary(labelled, uniquingKeysWith: { first, _ in first }), queryIDs: labelled.map(\.0))
    }

    /// per-list.csv: one row per system, placement and list with every metric at full precision, for pandas and spreadsheets.
    public var perListCSV: String {
        var text = (["list", "system", "placement"] + summary.metricNames).map(Self.csvField).joined(separator: ",") + "\n"
        for result in results {
            let cells =
                [summary.listIDs[result.listIndex], result.system, result.placement.name].map(Self.csvField)
                + result.metrics.map { "\($0)" }
            text += cells.joined(separator: ",") + "\n"
        }
        return text
    }

    /// A system name as a file name: anything but letters, digits, `.`, `-` and `_` becomes `_`.
    static func fileStem(_ system: String) -> String {
        let stem = String(
            system.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
                    ? Character(scalar) : "_"
            })
        return stem.isEmpty || stem.hasPrefix(".") ? "_" + stem : stem
    }

    /// RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled.
    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
