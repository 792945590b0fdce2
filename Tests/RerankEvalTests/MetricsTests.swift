import Foundation
import Testing

@testable import RerankEval

@Suite("Metrics")
struct MetricsTests {
    let tolerance = 1e-9

    @Test("one relevant item at rank 3 gives NDCG 1/log2(4) = 0.5 at cut-offs that reach it, 0 before")
    func singleRelevant() {
        let ranking = ["a", "b", "c", "d"]
        let labels = ["c": 1.0]
        #expect(Metrics.ndcg(ranking, labels: labels, cutoff: 2) == 0)
        #expect(abs(Metrics.ndcg(ranking, labels: labels, cutoff: 3) - 0.5) < tolerance)
        #expect(abs(Metrics.ndcg(ranking, labels: labels, cutoff: 10) - 0.5) < tolerance)
        #expect(abs(Metrics.reciprocalRank(ranking, labels: labels) - 1.0 / 3) < tolerance)
        #expect(abs(Metrics.averagePrecision(ranking, labels: labels) - 1.0 / 3) < tolerance)
        #expect(Metrics.hitRate(ranking, labels: labels, cutoff: 2) == 0)
        #expect(Metrics.hitRate(ranking, labels: labels, cutoff: 3) == 1)
    }

    @Test("graded labels: NDCG@3 matches a hand computation with linear and exponential gain")
    func gradedLabels() {
        // Ranking b(0) a(2) c(3): DCG = 0 + 2/log2(3) + 3/log2(4) = 1.261860 + 1.5 = 2.761860
        // Ideal c(3) a(2): 3 + 2/log2(3) = 4.261860 → 0.648040
        let ranking = ["b", "a", "c"]
        let labels = ["a": 2.0, "b": 0.0, "c": 3.0]
        let linear = Metrics.ndcg(ranking, labels: labels, cutoff: 3)
        #expect(abs(linear - (2 / log2(3.0) + 1.5) / (3 + 2 / log2(3.0))) < tolerance)
        #expect(abs(linear - 0.648040) < 1e-6)
        // Exponential: gains a=3, c=7. DCG = 3/log2(3) + 7/2 = 5.392789; ideal 7 + 3/log2(3) = 8.892789 → 0.606423
        let exponential = Metrics.ndcg(ranking, labels: labels, cutoff: 3, gain: .exponential)
        #expect(abs(exponential - 0.606423) < 1e-6)
        // Both relevant items found by rank 3 of 2 relevant: recall 1; AP = (1/2 + 2/3) / 2
        #expect(Metrics.recall(ranking, labels: labels, cutoff: 3) == 1)
        #expect(abs(Metrics.recall(ranking, labels: labels, cutoff: 2) - 0.5) < tolerance)
        #expect(abs(Metrics.averagePrecision(ranking, labels: labels) - (0.5 + 2.0 / 3) / 2) < tolerance)
    }

    @Test("two items with the same label can swap places without changing NDCG")
    func tiedLabels() {
        let labels = ["a": 1.0, "b": 1.0]
        let first = Metrics.ndcg(["a", "b", "c"], labels: labels, cutoff: 2)
        let second = Metrics.ndcg(["b", "a", "c"], labels: labels, cutoff: 2)
        #expect(first == second)
        #expect(abs(first - 1) < tolerance)
        #expect(abs(Metrics.ndcg(["c", "a", "b"], labels: labels, cutoff: 2) - (1 / log2(3.0)) / (1 + 1 / log2(3.0))) < tolerance)
    }

    @Test("tied scores keep their upstream order, never the label's")
    func tiedScores() {
        let ids = ["x", "y", "z", "w"]
        let scores = ["x": 1.0, "y": 3.0, "z": 3.0, "w": 2.0]
        #expect(Metrics.order(ids, scores: scores) == ["y", "z", "w", "x"])
        #expect(Metrics.order(["z", "y", "w", "x"], scores: scores) == ["z", "y", "w", "x"])
    }

    @Test("a cut-off larger than the list scores the whole list")
    func cutoffBeyondList() {
        let ranking = ["a", "b"]
        let labels = ["b": 1.0]
        #expect(abs(Metrics.ndcg(ranking, labels: labels, cutoff: 20) - 1 / log2(3.0)) < tolerance)
        #expect(Metrics.recall(ranking, labels: labels, cutoff: 20) == 1)
        #expect(Metrics.hitRate(ranking, labels: labels, cutoff: 20) == 1)
    }

    @Test("a relevant item missing from the ranking still counts in the ideal, as in trec_eval")
    func missingRelevant() {
        let labels = ["a": 1.0, "gone": 1.0]
        #expect(abs(Metrics.ndcg(["a", "b"], labels: labels, cutoff: 10) - 1 / (1 + 1 / log2(3.0))) < tolerance)
        #expect(Metrics.recall(["a", "b"], labels: labels, cutoff: 10) == 0.5)
        #expect(Metrics.averagePrecision(["a", "b"], labels: labels) == 0.5)
    }

    @Test("a list without a relevant item scores 0 on every metric instead of dividing by zero")
    func noRelevant() {
        let values = MetricSet().evaluate(["a", "b", "c"], labels: ["a": 0])
        #expect(values.count == MetricSet().names.count)
        #expect(values.allSatisfy { $0 == 0 })
    }

    @Test("the random baseline's expected NDCG@10 for one positive in 20 is about 0.227")
    func randomReference() {
        let ids = (1...20).map(String.init)
        let list = LabelledList(
            request: .init(id: "r", user: .init(history: []), candidates: ids.map { .init(id: $0, title: "t\($0)") }, options: .init()),
            labels: ["7": 1])
        let metrics = MetricSet()
        let result = Baseline.random.evaluate(list, candidates: list.request.candidates, metrics: metrics, randomDraws: 4000, seed: 1)
        let index = metrics.names.firstIndex(of: "ndcg@10") ?? 0
        let expected = (1...10).reduce(0.0) { $0 + 1 / log2(Double($1) + 1) } / 20
        #expect(abs(expected - 0.2272) < 1e-3)
        #expect(abs((result?.metrics[index] ?? 0) - expected) < 0.015)
    }
}
