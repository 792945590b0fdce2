import Foundation

/// Relevance by word overlap, with no network and no model: the default backend, and the one tests can
/// check by hand.
///
/// - `tfidf`: cosine between TF-IDF vectors of the context and each element. The corpus is the elements plus
///   the context; `idf(t) = ln((1 + N) / (1 + df(t))) + 1`, weight = raw count × idf. Bounded in [0, 1].
/// - `bm25`: Okapi BM25 of the context's distinct words against each element, the elements being the corpus:
///   `idf(t) = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))`,
///   `score = Σ idf(t) · f(t) · (k1 + 1) / (f(t) + k1 · (1 − b + b · |d| / avgdl))`,
///   then divided by the best element's score so the list's best is 1 (all 0 when nothing matches).
public struct LexicalRelevance: Sendable, Hashable {
    /// Which lexical formula scores an element.
    public enum Method: String, Sendable, Hashable, CaseIterable {
        case tfidf
        case bm25
    }

    public var method: Method
    public var k1: Double
    public var b: Double

    public init(method: Method = .tfidf, k1: Double = 1.2, b: Double = 0.75) {
        self.method = method
        self.k1 = k1
        self.b = b
    }

    /// One score in [0, 1] per element, in element order.
    public func scores(of elements: [String], to context: String) -> [Double] {
        switch method {
        case .tfidf: return tfidfScores(of: elements, to: context)
        case .bm25:
            let raw = bm25RawScores(of: elements, to: context)
            let best = raw.max() ?? 0
            return raw.map { best > 0 ? $0 / best : 0 }
        }
    }

    func tfidfScores(of elements: [String], to context: String) -> [Double] {
        let vectors = Self.tfidfVectors(of: elements + [context])
        guard let contextVector = vectors.last else { return [] }
        return vectors.dropLast().map { $0.cosine(contextVector) }
    }

    /// Unnormalised BM25 scores, for callers that want the textbook number.
    public func bm25RawScores(of elements: [String], to context: String) -> [Double] {
        let documents = elements.map(TextTokenizer.tokens)
        guard !documents.isEmpty else { return [] }
        let count = Double(documents.count)
        let averageLength = Double(documents.reduce(0) { $0 + $1.count }) / count
        let frequencies = documents.map { SparseVector(counting: $0).weights }
        let queryTerms = Set(TextTokenizer.tokens(context))
        var idf: [String: Double] = [:]
        for term in queryTerms {
            let containing = Double(frequencies.filter { $0[term] != nil }.count)
            idf[term] = log(1 + (count - containing + 0.5) / (containing + 0.5))
        }
        return documents.indices.map { index in
            let length = Double(documents[index].count)
            let lengthFactor = averageLength > 0 ? 1 - b + b * length / averageLength : 1
            return queryTerms.reduce(0) { sum, term in
                guard let frequency = frequencies[index][term], let weight = idf[term] else { return sum }
                return sum + weight * frequency * (k1 + 1) / (frequency + k1 * lengthFactor)
            }
        }
    }

    /// TF-IDF vectors of texts that form their own corpus: `idf(t) = ln((1 + N) / (1 + df(t))) + 1`.
    public static func tfidfVectors(of texts: [String]) -> [SparseVector] {
        let counts = texts.map { SparseVector(counting: TextTokenizer.tokens($0)) }
        var documentFrequency: [String: Double] = [:]
        for vector in counts {
            for term in vector.weights.keys { documentFrequency[term, default: 0] += 1 }
        }
        let total = Double(texts.count)
        return counts.map { vector in
            SparseVector(
                vector.weights.reduce(into: [String: Double]()) { weights, entry in
                    weights[entry.key] = entry.value * (log((1 + total) / (1 + (documentFrequency[entry.key] ?? 0))) + 1)
                })
        }
    }
}

extension LexicalRelevance: RelevanceScoring {
    public var backendName: String { method.rawValue }

    public func score(_ elements: [String], context: String) async throws(RewardError) -> RelevanceResult {
        RelevanceResult(scores: scores(of: elements, to: context), similarity: SimilarityMatrix.lexical(elements))
    }
}
