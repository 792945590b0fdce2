import Foundation

/// Sentence BLEU (Papineni et al. 2002), the building block of self-BLEU.
///
/// `BLEU = BP · exp(Σ_{n=1..N'} (1/N') · ln p_n)` where `p_n` is the clipped n-gram precision (each n-gram
/// counted at most as often as it occurs in any one reference), `N' = min(maxN, candidate length)` so short
/// texts are judged on the orders they have, a zero match count is smoothed to `0.1 / total` (Chen and
/// Cherry's method 1), and `BP = 1` if the candidate is longer than the closest reference length, else
/// `exp(1 − r / c)`.
public enum BLEU {
    /// The smoothed count that stands in for zero matches.
    public static let epsilon = 0.1

    /// BLEU of tokenised `candidate` against tokenised `references`; 0 for an empty candidate or no references.
    public static func score(candidate: [String], references: [[String]], maxN: Int = 4) -> Double {
        guard !candidate.isEmpty, !references.isEmpty, maxN > 0 else { return 0 }
        let orders = min(maxN, candidate.count)
        var logSum = 0.0
        for n in 1...orders {
            let grams = SparseVector(counting: TextTokenizer.ngrams(candidate, n: n)).weights
            var maxReferenceCounts: [String: Double] = [:]
            for reference in references {
                for (gram, count) in SparseVector(counting: TextTokenizer.ngrams(reference, n: n)).weights {
                    maxReferenceCounts[gram] = max(maxReferenceCounts[gram] ?? 0, count)
                }
            }
            let total = grams.values.reduce(0, +)
            let matched = grams.reduce(0.0) { $0 + min($1.value, maxReferenceCounts[$1.key] ?? 0) }
            logSum += log((matched > 0 ? matched : epsilon) / total)
        }
        let candidateLength = Double(candidate.count)
        let closest =
            references.map { Double($0.count) }.min { left, right in
                let (l, r) = (abs(left - candidateLength), abs(right - candidateLength))
                return l != r ? l < r : left < right
            } ?? candidateLength
        let brevity = candidateLength > closest ? 1 : exp(1 - closest / candidateLength)
        return brevity * exp(logSum / Double(orders))
    }
}
