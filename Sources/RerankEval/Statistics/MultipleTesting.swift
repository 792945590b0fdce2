/// p-value adjustments for a report's many paired comparisons: with 70 of them, a few p < 0.05 appear by
/// chance alone, so each comparison also carries a value adjusted for the whole family.
public enum MultipleTesting {
    /// Holm's step-down adjustment (controls the family-wise error rate, no assumption on dependence):
    /// the i-th smallest of m p-values becomes max over j ≤ i of min(1, (m − j + 1) · p₍ⱼ₎). Same order as given.
    public static func holm(_ pValues: [Double]) -> [Double] {
        let count = pValues.count
        let order = pValues.indices.sorted { pValues[$0] != pValues[$1] ? pValues[$0] < pValues[$1] : $0 < $1 }
        var adjusted = [Double](repeating: 1, count: count)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, min(1, Double(count - rank) * pValues[index]))
            adjusted[index] = running
        }
        return adjusted
    }

    /// Benjamini–Hochberg's step-up adjustment (controls the false discovery rate; q-values): the i-th smallest
    /// of m p-values becomes min over j ≥ i of min(1, m · p₍ⱼ₎ / j). Same order as given.
    public static func benjaminiHochberg(_ pValues: [Double]) -> [Double] {
        let count = pValues.count
        let order = pValues.indices.sorted { pValues[$0] != pValues[$1] ? pValues[$0] < pValues[$1] : $0 < $1 }
        var adjusted = [Double](repeating: 1, count: count)
        var running = 1.0
        for (rank, index) in order.enumerated().reversed() {
            running = min(running, min(1, Double(count) * pValues[index] / Double(rank + 1)))
            adjusted[index] = running
        }
        return adjusted
    }
}
