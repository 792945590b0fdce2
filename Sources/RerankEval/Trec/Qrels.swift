import Foundation

/// TREC relevance judgements (`qid 0 docno relevance`): graded labels other tools read and write, imported
/// to label lists and exported beside every report's runs.
public struct Qrels: Sendable, Hashable {
    /// Relevance by document id, per query id; 0 means judged not relevant.
    public var labels: [String: [String: Double]]
    /// Query ids in the order they first appear.
    public var queryIDs: [String]

    public init(labels: [String: [String: Double]], queryIDs: [String]? = nil) {
        self.labels = labels
        self.queryIDs = queryIDs ?? labels.keys.sorted(by: NaturalOrder.precedes)
    }

    /// Reads a qrels file from disk.
    public static func read(path: String, maxLineCount: Int = 10_000_000) throws -> Qrels {
        try Qrels(text: TrecText.read(path: path), path: path, maxLineCount: maxLineCount)
    }

    /// Parses qrels lines: four fields separated by spaces or tabs; the relevance is an integer, as trec_eval
    /// reads it. A document may be judged once per query.
    public init(text: String, path: String, maxLineCount: Int = 10_000_000) throws {
        var labels: [String: [String: Double]] = [:]
        var order: [String] = []
        try TrecText.forEachLine(text, path: path, maxLineCount: maxLineCount) { number, fields in
            guard fields.count == 4 else {
                throw DatasetError.badRow(
                    path: path, line: number, detail: "a qrels line has 4 fields 'query_id 0 doc_id relevance', got \(fields.count)")
            }
            guard let relevance = Int(fields[3]), abs(relevance) <= 1_000_000 else {
                throw DatasetError.badRow(
                    path: path, line: number,
                    detail: "the relevance (field 4) must be an integer between -1000000 and 1000000, got '\(TrecText.shown(fields[3]))'")
            }
            let query = fields[0], document = fields[2]
            if labels[query] == nil { order.append(query) }
            guard labels[query, default: [:]].updateValue(Double(relevance), forKey: document) == nil else {
                throw DatasetError.badRow(
                    path: path, line: number,
                    detail: "document '\(TrecText.shown(document))' is judged twice for query '\(TrecText.shown(query))'")
            }
        }
        guard !labels.isEmpty else { throw DatasetError.empty(path: path, detail: "no qrels lines ('query_id 0 doc_id relevance')") }
        self.init(labels: labels, queryIDs: order)
    }

    /// The judgements as text, documents of a query in natural id order. Labels are written as integers
    /// (trec_eval's type), rounded toward zero.
    public var text: String {
        var text = ""
        for query in queryIDs {
            let judged = labels[query] ?? [:]
            for document in judged.keys.sorted(by: NaturalOrder.precedes) {
                let relevance = Int((judged[document] ?? 0).rounded(.towardZero))
                text += "\(TrecText.field(query)) 0 \(TrecText.field(document)) \(relevance)\n"
            }
        }
        return text
    }

    /// The lists with these judgements as their labels (a list's id is its query id), and how many lists the
    /// qrels do not judge (they get no labels, so every metric is 0 on them).
    public func relabel(_ lists: [LabelledList]) -> (lists: [LabelledList], unjudged: Int) {
        var unjudged = 0
        let relabelled = lists.map { list -> LabelledList in
            var copy = list
            if let judged = labels[list.request.id] {
                copy.labels = judged
            } else {
                copy.labels = [:]
                unjudged += 1
            }
            return copy
        }
        return (relabelled, unjudged)
    }
}
