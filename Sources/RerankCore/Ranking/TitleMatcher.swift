/// Finds which candidate a model meant when it wrote a title instead of a label:
/// exactly, then after normalising case, punctuation, articles and years, then fuzzily above a threshold.
///
/// Titles are normalised on the first lookup: most answers use labels and never need them.
final class TitleMatcher {
    private let titles: [String]
    private lazy var normalised: [String] = titles.map(Self.normalise)
    /// Least similarity (1 − edit distance ÷ longer length) for a fuzzy match.
    let threshold: Double

    init(titles: [String], threshold: Double = 0.85) {
        self.titles = titles
        self.threshold = threshold
    }

    func match(_ text: String) -> Int? {
        guard !titles.isEmpty else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\"'`*")))
        guard trimmed.count >= 2 else { return nil }
        if let exact = titles.firstIndex(of: trimmed) { return exact }
        let key = Self.normalise(trimmed)
        guard !key.isEmpty else { return nil }
        let hits = normalised.indices.filter { normalised[$0] == key }
        if hits.count == 1 { return hits[0] }
        var best: (index: Int, similarity: Double)?
        for (index, candidate) in normalised.enumerated() where !candidate.isEmpty {
            let similarity = Self.similarity(key, candidate)
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
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(1, a.count) where !a.isEmpty {
            current[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return 1 - Double(previous[b.count]) / Double(longer)
    }
}
