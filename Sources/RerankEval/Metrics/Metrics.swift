import Foundation
import RerankCore

/// Ranking quality metrics over graded labels, following trec_eval's conventions.
///
/// A ranking is a strict order of item ids, best first; the caller breaks score ties before calling (see
/// `Metrics.order(_:scores:)`). Labels map item ids to graded relevance; an id without a label is not relevant.
/// An item counts as relevant for Recall, HitRate, MRR and MAP when its label is above zero. The ideal DCG is
/// computed from every label given, including labelled items missing from the ranking, as trec_eval does, so a
/// ranking that leaves a relevant item out cannot reach 1. A list without any relevant label scores 0 on every metric.
public enum Metrics {
    /// `1 / log2(rank + 1)`, rank counted from 1.
    public static func discount(rank: Int) -> Double {
        1 / log2(Double(rank) + 1)
    }

    /// Discounted cumulative gain of the first `cutoff` items.
    public static func dcg(_ ranking: [String], labels: [String: Double], cutoff: Int, gain: RelevanceGain = .linear) -> Double {
        var total = 0.0
        for (index, id) in ranking.prefix(max(0, cutoff)).enumerated() {
            total += gain.gain(labels[id] ?? 0) * discount(rank: index + 1)
        }
        return total
    }

    /// The best DCG any ranking could reach at `cutoff`: every label sorted by relevance, highest first.
    public static func idealDCG(labels: [String: Double], cutoff: Int, gain: RelevanceGain = .linear) -> Double {
        let sorted = labels.values.filter { $0 > 0 }.sorted(by: >)
        var total = 0.0
        for (index, relevance) in sorted.prefix(max(0, cutoff)).enumerated() {
            total += gain.gain(relevance) * discount(rank: index + 1)
        }
        return total
    }

    /// NDCG@cutoff: DCG over ideal DCG; 0 when no item is relevant.
    public static func ndcg(_ ranking: [String], labels: [String: Double], cutoff: Int, gain: RelevanceGain = .linear) -> Double {
        let ideal = idealDCG(labels: labels, cutoff: cutoff, gain: gain)
        guard ideal > 0 else { return 0 }
        return dcg(ranking, labels: labels, cutoff: cutoff, gain: gain) / ideal
    }

    /// The number of relevant items among all labels.
    public static func relevantCount(labels: [String: Double]) -> Int {
        labels.values.filter { $0 > 0 }.count
    }

    /// Relevant items in the first `cutoff` over all relevant items; 0 when none is relevant.
    public static func recall(_ ranking: [String], labels: [String: Double], cutoff: Int) -> Double {
        let relevant = relevantCount(labels: labels)
        guard relevant > 0 else { return 0 }
        let found = ranking.prefix(max(0, cutoff)).filter { (labels[$0] ?? 0) > 0 }.count
        return Double(found) / Double(relevant)
    }

    /// 1 when any relevant item is in the first `cutoff`, else 0.
    public static func hitRate(_ ranking: [String], labels: [String: Double], cutoff: Int) -> Double {
        ranking.prefix(max(0, cutoff)).contains { (labels[$0] ?? 0) > 0 } ? 1 : 0
    }

    /// Reciprocal rank of the first relevant item; 0 when none is ranked.
    public static func reciprocalRank(_ ranking: [String], labels: [String: Double]) -> Double {
        guard let index = ranking.firstIndex(where: { (labels[$0] ?? 0) > 0 }) else { return 0 }
        return 1 / Double(index + 1)
    }

    /// Average precision: the mean, over all relevant items, of precision at each relevant item's rank
    /// (relevant items never ranked contribute 0).
    public static func averagePrecision(_ ranking: [String], labels: [String: Double]) -> Double {
        let relevant = relevantCount(labels: labels)
        guard relevant > 0 else { return 0 }
        var found = 0
        var total = 0.0
        for (index, id) in ranking.enumerated() where (labels[id] ?? 0) > 0 {
            found += 1
            total += Double(found) / Double(index + 1)
        }
        return total / Double(relevant)
    }

    /// Item ids ordered by score, highest first; equal scores keep their order in `ids` (the upstream order),
    /// so a tie is never broken by the label. trec_eval breaks ties by document id instead; input order is
    /// what a ranker without a tie-break would emit.
    public static func order(_ ids: [String], scores: [String: Double]) -> [String] {
        ScoreOrder.order(ids.map { scores[$0] ?? -.infinity }, tieBreakOrder: Array(ids.indices)).map { ids[$0] }
    }
}
