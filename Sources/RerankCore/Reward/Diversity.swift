import Foundation

/// How varied a list is, measured the ways recommender and text-generation papers report it.
/// Every function is pure and total: an empty list or a single element has a defined value, stated below.
public enum Diversity {
    /// Intra-list diversity: the mean over unordered pairs of (1 − cosine similarity).
    /// 0 for fewer than two elements (there is no pair to differ), 0 for identical elements.
    public static func intraListDiversity(similarity: [[Double]]) -> Double {
        let count = similarity.count
        guard count >= 2 else { return 0 }
        var total = 0.0
        for left in 0..<count {
            for right in (left + 1)..<count { total += 1 - similarity[left][right] }
        }
        return total / Double(count * (count - 1) / 2)
    }

    /// Intra-list diversity of sparse vectors (TF-IDF of each element's text).
    public static func intraListDiversity(_ vectors: [SparseVector]) -> Double {
        intraListDiversity(similarity: SimilarityMatrix.cosine(vectors))
    }

    /// Attribute coverage. With a pool (the candidates the list was chosen from): distinct attribute values in
    /// the list ÷ distinct attribute values in the pool. Without one: distinct values ÷ all values in the list,
    /// which is 1 when no two elements share a value. 0 when there are no values to count.
    public static func attributeCoverage(_ list: [[Item.Attribute]], pool: [[Item.Attribute]]? = nil) -> Double {
        let listValues = list.flatMap { $0.flatMap(Self.values) }
        let distinct = Set(listValues)
        if let pool {
            let poolValues = Set(pool.flatMap { $0.flatMap(Self.values) })
            guard !poolValues.isEmpty else { return 0 }
            return Double(distinct.intersection(poolValues).count) / Double(poolValues.count)
        }
        guard !listValues.isEmpty else { return 0 }
        return Double(distinct.count) / Double(listValues.count)
    }

    /// An attribute's values as `name=value` keys; values listed as `a|b` or `a, b` count separately.
    static func values(of attribute: Item.Attribute) -> [String] {
        let name = attribute.name.lowercased()
        return attribute.value.split(whereSeparator: { $0 == "|" || $0 == "," })
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty }
            .map { "\(name)=\($0)" }
    }

    /// distinct-n: distinct n-grams over all texts ÷ all n-grams over all texts. 0 when there are none.
    public static func distinctN(_ texts: [String], n: Int) -> Double {
        let grams = texts.flatMap { TextTokenizer.ngrams(TextTokenizer.tokens($0), n: n) }
        guard !grams.isEmpty else { return 0 }
        return Double(Set(grams).count) / Double(grams.count)
    }

    /// Self-BLEU: the mean BLEU of each text against all the others as references; lower is more diverse.
    /// 0 for fewer than two texts. Identical texts score 1.
    public static func selfBLEU(_ texts: [String], maxN: Int = 4) -> Double {
        guard texts.count >= 2 else { return 0 }
        let tokenized = texts.map(TextTokenizer.tokens)
        let scores = tokenized.indices.map { index in
            BLEU.score(candidate: tokenized[index], references: tokenized.indices.filter { $0 != index }.map { tokenized[$0] }, maxN: maxN)
        }
        return scores.reduce(0, +) / Double(scores.count)
    }
}
