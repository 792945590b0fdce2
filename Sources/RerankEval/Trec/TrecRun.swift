import Foundation

/// A TREC run file (`qid Q0 docno rank score tag`, one scored document a line), the format trec_eval,
/// pytrec_eval, ir_measures and ranx read: how an upstream ranker's lists come in and every system's rankings go out.
public struct TrecRun: Sendable, Hashable {
    /// One scored document of a query.
    public struct Entry: Sendable, Hashable {
        public var id: String
        public var score: Double

        public init(id: String, score: Double) {
            self.id = id
            self.score = score
        }
    }

    /// Scored documents per query id, in trec_eval's order (see `trecEvalOrder`).
    public var rankings: [String: [Entry]]
    /// Query ids in the order they first appear in the file.
    public var queryIDs: [String]

    public init(rankings: [String: [Entry]], queryIDs: [String]? = nil) {
        self.rankings = rankings.mapValues(Self.trecEvalOrder)
        self.queryIDs = queryIDs ?? rankings.keys.sorted(by: NaturalOrder.precedes)
    }

    /// trec_eval's order: score descending, ties broken by document id descending, compared byte by byte
    /// (`strcmp`). The rank column is ignored, as trec_eval ignores it.
    public static func trecEvalOrder(_ entries: [Entry]) -> [Entry] {
        entries.sorted { left, right in
            if left.score != right.score { return left.score > right.score }
            return right.id.utf8.lexicographicallyPrecedes(left.id.utf8)
        }
    }

    /// Reads a run file from disk.
    public static func read(path: String, maxLineCount: Int = 10_000_000) throws -> TrecRun {
        try TrecRun(text: TrecText.read(path: path), path: path, maxLineCount: maxLineCount)
    }

    /// Parses run lines: six fields separated by spaces or tabs; blank lines and `#` comments are skipped.
    /// A document may appear once per query; scores must be finite numbers.
    public init(text: String, path: String, maxLineCount: Int = 10_000_000) throws {
        var rankings: [String: [Entry]] = [:]
        var seen: [String: Set<String>] = [:]
        var order: [String] = []
        try TrecText.forEachLine(text, path: path, maxLineCount: maxLineCount) { number, fields in
            guard fields.count == 6 else {
                throw DatasetError.badRow(
                    path: path, line: number,
                    detail: "a TREC run line has 6 fields 'query_id Q0 doc_id rank score tag', got \(fields.count)")
            }
            guard Int(fields[3]) != nil else {
                throw DatasetError.badRow(
                    path: path, line: number, detail: "the rank (field 4) must be an integer, got '\(TrecText.shown(fields[3]))'")
            }
            guard let score = Double(fields[4]), score.isFinite else {
                throw DatasetError.badRow(
                    path: path, line: number, detail: "the score (field 5) must be a finite number, got '\(TrecText.shown(fields[4]))'")
            }
            let query = fields[0], document = fields[2]
            guard seen[query, default: []].insert(document).inserted else {
                throw DatasetError.badRow(
                    path: path, line: number,
                    detail: "document '\(TrecText.shown(document))' appears twice for query '\(TrecText.shown(query))'")
            }
            if rankings[query] == nil { order.append(query) }
            rankings[query, default: []].append(Entry(id: document, score: score))
        }
        guard !rankings.isEmpty else { throw DatasetError.empty(path: path, detail: "no run lines ('query_id Q0 doc_id rank score tag')") }
        self.init(rankings: rankings, queryIDs: order)
    }

    /// The run as text: one line per document in trec_eval's order, rank counted from 1, `tag` in the last field.
    /// Scores are written in Swift's shortest round-trip form, so a reader gets the same doubles back.
    public func text(tag: String) -> String {
        let safeTag = TrecText.field(tag)
        var text = ""
        for query in queryIDs {
            for (index, entry) in (rankings[query] ?? []).enumerated() {
                text += "\(TrecText.field(query)) Q0 \(TrecText.field(entry.id)) \(index + 1) \(entry.score) \(safeTag)\n"
            }
        }
        return text
    }

    /// A strict ranking as a run: the item at rank r of n gets score n − r + 1, so every reader (whatever its
    /// tie-break) reads back exactly this order.
    public static func scores(forRanking ranking: [String]) -> [Entry] {
        ranking.enumerated().map { Entry(id: $1, score: Double(ranking.count - $0)) }
    }
}
