/// Finds which candidate a model meant when it wrote a title instead of a label:
/// exactly, then after normalising case, punctuation, articles and years, then fuzzily above a threshold.
///
/// Titles are normalised on the first lookup: most answers use labels and never need them.
///
/// One matcher reads one answer, and its work on that answer is bounded whatever the endpoint sends: a
/// fragment longer than any title could be (`maxFragmentBytes`) is skipped unread, the fragments read add up
/// to at most `byteBudget` bytes, and at most `maxComparisons` edit distances are computed, each over a band
/// of the threshold's width. An answer that names every candidate by title, even a few times over, stays far
/// inside all three; beyond them the matcher names nothing, and labels are still read.
final class TitleMatcher {
    private let titles: [String]
    private lazy var normalised: [String] = titles.map(Self.normalise)
    private lazy var normalisedCharacters: [[Character]] = normalised.map(Array.init)
    /// Least similarity (1 − edit distance ÷ longer length) for a fuzzy match.
    let threshold: Double

    /// Edit-distance comparisons one answer may cost at most. Each is O(length · band): a key within the length
    /// check of a 160-character title is under 190 characters and its band about 60 wide, some 10⁴ cell
    /// updates, so an answer costs at most about 5 · 10⁷ of them, tens of milliseconds. A full window of 100
    /// titles each looked up fuzzily from its own line needs far fewer, as the length check skips most titles.
    static let maxComparisons = 4096
    /// Bytes of fragments the matcher reads per byte of the titles, plus `byteBudgetSlack`: room for every
    /// title written out several times, with list markers, quotes and prose around it. A permutation of even
    /// 100 candidates never needs megabytes, so the rest of such an answer is not read for titles at all.
    static let byteBudgetPerTitleByte = 16
    static let byteBudgetSlack = 65_536

    /// The longest fragment worth reading: longer than this it cannot be a title after trimming and
    /// normalising, so it is skipped without a look at its characters.
    let maxFragmentBytes: Int
    /// The fragment bytes this matcher reads at most (see `byteBudgetPerTitleByte`).
    let byteBudget: Int
    /// Fragment bytes read so far.
    private(set) var bytesRead = 0
    /// Edit distances computed so far.
    private(set) var comparisons = 0

    init(titles: [String], threshold: Double = 0.85) {
        self.titles = titles
        self.threshold = threshold
        let longest = titles.map(\.utf8.count).max() ?? 0
        maxFragmentBytes = 4 * longest + 64
        byteBudget = Self.byteBudgetPerTitleByte * titles.reduce(0) { $0 + $1.utf8.count } + Self.byteBudgetSlack
    }

    func match(_ text: String) -> Int? {
        guard !titles.isEmpty else { return nil }
        let size = text.utf8.count
        guard size <= maxFragmentBytes, bytesRead + size <= byteBudget else { return nil }
        bytesRead += size
        let trimmed = text.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\"'`*")))
        guard trimmed.count >= 2 else { return nil }
        if let exact = titles.firstIndex(of: trimmed) { return exact }
        let key = Self.normalise(trimmed)
        guard !key.isEmpty else { return nil }
        let hits = normalised.indices.filter { normalised[$0] == key }
        if hits.count == 1 { return hits[0] }
        let keyCharacters = Array(key)
        var best: (index: Int, similarity: Double)?
        for (index, candidate) in normalisedCharacters.enumerated() where !candidate.isEmpty {
            let longer = max(keyCharacters.count, candidate.count)
            // Similarity ≥ threshold allows at most this many edits (one more, so rounding never turns away a
            // match the check below would take); the lengths alone may rule it out.
            let allowed = Int(((1 - threshold) * Double(longer)).rounded(.down)) + 1
            guard abs(keyCharacters.count - candidate.count) <= allowed else { continue }
            guard comparisons < Self.maxComparisons else { break }
            comparisons += 1
            guard let distance = Self.editDistance(keyCharacters, candidate, atMost: allowed) else { continue }
            let similarity = 1 - Double(distance) / Double(longer)
            if similarity >= threshold, similarity > (best?.similarity ?? 0) {
                best = (index, similarity)
            }
        }
        return best?.index
    }

    static func normalise(_ title: String) -> String {
        var text = title.lowercased()
        // A trailing "(1995)" is how MovieLens and many catalogues disambiguate; models often drop it.
        if let open = text.lastIndex(of: "("), text.hasSuffix(")"),
            text[text.index(after: open)..<text.index(before: text.endIndex)].allSatisfy(\.isNumber)
        {
            text = String(text[..<open])
        }
        let words = text.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        let articles: Set<String> = ["the", "a", "an"]
        return words.filter { !articles.contains($0) }.joined(separator: " ")
    }

    static func similarity(_ left: String, _ right: String) -> Double {
        let a = Array(left), b = Array(right)
        let longer = max(a.count, b.count)
        guard longer > 0 else { return 1 }
        let distance = editDistance(a, b, atMost: longer) ?? longer
        return 1 - Double(distance) / Double(longer)
    }

    /// The Levenshtein distance of `a` and `b` when it is at most `limit`, else nil. Only the diagonal band
    /// of width 2 · limit + 1 can hold such a path, so the work is O(length · limit), and the scan stops as
    /// soon as a whole row of the band exceeds the limit.
    static func editDistance(_ a: [Character], _ b: [Character], atMost limit: Int) -> Int? {
        guard limit >= 0, abs(a.count - b.count) <= limit else { return nil }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        let beyond = limit + 1
        var previous = [Int](repeating: beyond, count: b.count + 1)
        var current = [Int](repeating: beyond, count: b.count + 1)
        for j in 0...min(b.count, limit) { previous[j] = j }
        for i in 1...a.count {
            let low = max(1, i - limit), high = min(b.count, i + limit)
            current[low - 1] = low == 1 && i <= limit ? i : beyond
            var rowBest = current[low - 1]
            if low <= high {
                for j in low...high {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    let value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost, beyond)
                    current[j] = value
                    rowBest = min(rowBest, value)
                }
            }
            // Cells past the band's right edge must read as out of reach in the next row.
            if high < b.count { current[high + 1] = beyond }
            guard rowBest <= limit else { return nil }
            swap(&previous, &current)
        }
        let distance = previous[b.count]
        return distance <= limit ? distance : nil
    }
}
