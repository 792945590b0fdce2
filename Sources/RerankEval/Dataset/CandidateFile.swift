import Foundation
import JSONLines

/// An upstream ranker's candidates per user, best first, optionally with its scores: the lists the model reranks
/// and the upstream baseline it must beat. Two formats, told apart by the first data line:
/// - lists: `user_id<TAB>id[:score] id[:score] …` (ids separated by spaces, tabs or commas; the score after the last `:`);
/// - a TREC run: `user_id Q0 item_id rank score tag`, ordered as trec_eval orders it (score descending, ties by id descending).
public struct CandidateFile: Sendable {
    /// The two line formats.
    public enum Format: String, Sendable, Hashable {
        case lists
        case trecRun = "trec_run"
    }

    /// Candidate ids per user, in the ranker's order, duplicates removed.
    public var candidates: [String: [String]]
    /// The ranker's scores per user, parallel to `candidates`; absent for users whose line gives none.
    public var scores: [String: [Double]]
    public var format: Format

    public init(candidates: [String: [String]], scores: [String: [Double]] = [:], format: Format = .lists) {
        self.candidates = candidates
        self.scores = scores
        self.format = format
    }

    /// Reads a candidate file from disk; a UTF-8 byte-order mark at the start is skipped.
    public static func read(path: String) throws -> CandidateFile {
        try CandidateFile(text: TrecText.read(path: path), path: path)
    }

    /// Parses candidate lines; blank lines and `#` comments are skipped, a user may appear once. Lines end at LF
    /// or CRLF and a byte-order mark at the start is skipped (see `LineSplitter.lines(of:)`).
    public init(text: String, path: String) throws {
        let lines = LineSplitter.lines(of: text)
        let firstLine = lines.first { line in
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        }
        if let firstLine, Self.looksLikeTrecRun(firstLine) {
            let run = try TrecRun(text: text, path: path)
            self.init(
                candidates: run.rankings.mapValues { $0.map(\.id) }, scores: run.rankings.mapValues { $0.map(\.score) }, format: .trecRun)
            return
        }
        var candidates: [String: [String]] = [:]
        var scores: [String: [Double]] = [:]
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(separator: "\t", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                throw DatasetError.badRow(
                    path: path, line: index + 1,
                    detail:
                        "expected 'user_id<TAB>item ids separated by spaces' (each optionally 'id:score') or a TREC run line 'user_id Q0 item_id rank score tag'"
                )
            }
            let user = parts[0].trimmingCharacters(in: .whitespaces)
            guard candidates[user] == nil else {
                throw DatasetError.badRow(
                    path: path, line: index + 1, detail: "user '\(TrecText.shown(user))' already has a candidate line")
            }
            let tokens = parts[1].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
            let parsed = tokens.map(Self.split)
            let scored = parsed.filter { $0.score != nil }.count
            guard scored == 0 || scored == parsed.count else {
                let bare = parsed.first { $0.score == nil }?.id ?? ""
                throw DatasetError.badRow(
                    path: path, line: index + 1,
                    detail:
                        "user '\(TrecText.shown(user))': \(scored) of \(parsed.count) candidates have a score but '\(TrecText.shown(bare))' has none; give 'id:score' for all of a line's candidates or for none"
                )
            }
            var seen: Set<String> = []
            var ids: [String] = []
            var values: [Double] = []
            for token in parsed where seen.insert(token.id).inserted {
                ids.append(token.id)
                if let score = token.score { values.append(score) }
            }
            candidates[user] = ids
            if scored > 0 { scores[user] = values }
        }
        guard !candidates.isEmpty else { throw DatasetError.empty(path: path, detail: "no candidate lines") }
        self.init(candidates: candidates, scores: scores, format: .lists)
    }

    /// `id:score` → (id, score) when what follows the last `:` is a finite number; otherwise the whole token is the id.
    static func split(_ token: String) -> (id: String, score: Double?) {
        guard let colon = token.lastIndex(of: ":"), colon != token.startIndex else { return (token, nil) }
        guard let score = Double(token[token.index(after: colon)...]), score.isFinite else { return (token, nil) }
        return (String(token[..<colon]), score)
    }

    /// The TREC run layout: six whitespace-separated fields, `Q0` (or `0`) second, an integer rank and a number.
    static func looksLikeTrecRun<S: StringProtocol>(_ line: S) -> Bool {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
        return fields.count == 6 && Int(fields[3]) != nil && Double(fields[4]) != nil
            && (fields[1].uppercased() == "Q0" || fields[1] == "0")
    }
}
