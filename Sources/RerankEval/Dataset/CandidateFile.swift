import Foundation

/// An upstream ranker's candidates per user, one line each: `user_id<TAB>item ids separated by spaces`.
public struct CandidateFile: Sendable {
    /// Candidate ids per user, in the file's order, duplicates removed.
    public var candidates: [String: [String]]

    public init(candidates: [String: [String]]) {
        self.candidates = candidates
    }

    /// Reads a candidate file from disk.
    public static func read(path: String) throws -> CandidateFile {
        let text: String
        do {
            text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        } catch {
            throw DatasetError.unreadable(path: path, reason: error.localizedDescription)
        }
        return try CandidateFile(text: text, path: path)
    }

    /// Parses candidate lines; blank lines and `#` comments are skipped, a user may appear once.
    public init(text: String, path: String) throws {
        var candidates: [String: [String]] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(separator: "\t", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                throw DatasetError.badRow(path: path, line: index + 1, detail: "expected 'user_id<TAB>item ids separated by spaces'")
            }
            let user = parts[0].trimmingCharacters(in: .whitespaces)
            guard candidates[user] == nil else {
                throw DatasetError.badRow(path: path, line: index + 1, detail: "user '\(user)' already has a candidate line")
            }
            var seen: Set<String> = []
            candidates[user] = parts[1].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init).filter { seen.insert($0).inserted }
        }
        guard !candidates.isEmpty else { throw DatasetError.empty(path: path, detail: "no candidate lines") }
        self.candidates = candidates
    }
}
