import Testing

@testable import RerankCore

@Suite("Aggregating votes")
struct VoteAggregationTests {
    @Test("Borda points on a hand-computed example")
    func borda() {
        // Three candidates, three votes: [0,1,2], [1,0,2], [1,2,0].
        // Points: 0 → 2+1+0 = 3, 1 → 1+2+2 = 5, 2 → 0+0+1 = 1.
        let (order, points) = VoteAggregation.borda.aggregate([[0, 1, 2], [1, 0, 2], [1, 2, 0]], tieBreakOrder: [0, 1, 2])
        #expect(points == [3, 5, 1])
        #expect(order == [1, 0, 2])
    }

    @Test("ties break by upstream order")
    func ties() {
        // [0,1] and [1,0] tie; upstream prefers 1.
        let (order, _) = VoteAggregation.borda.aggregate([[0, 1], [1, 0]], tieBreakOrder: [1, 0])
        #expect(order == [1, 0])
    }

    @Test("reciprocal-rank fusion on a hand-computed example")
    func rrf() {
        let (order, points) = VoteAggregation.rrf.aggregate([[0, 1, 2], [2, 1, 0]], tieBreakOrder: [0, 1, 2])
        // 0: 1/61 + 1/63; 1: 2/62; 2: 1/63 + 1/61 → 0 and 2 tie above 1 (2/62 < 1/61 + 1/63).
        #expect(abs(points[1] - 2.0 / 62) < 1e-12)
        #expect(abs(points[0] - (1.0 / 61 + 1.0 / 63)) < 1e-12)
        #expect(order == [0, 2, 1])
    }

    @Test("seeded shuffles are reproducible and differ between votes")
    func seededShuffles() {
        let base = Array(0..<20)
        var first = SplitMix64.stream(0, of: 42), again = SplitMix64.stream(0, of: 42), second = SplitMix64.stream(1, of: 42)
        let a = base.shuffled(using: &first), b = base.shuffled(using: &again), c = base.shuffled(using: &second)
        #expect(a == b)
        #expect(a != c)
    }
}
