import RerankCore
import Testing

@testable import RerankEval

@Suite("Inconsistent pairwise comparisons in reports")
struct InconsistentComparisonsReportTests {
    private func row(_ system: String, comparisons: Int, inconsistent: Int, picks: [Int]) -> EvalSummary.SystemRow {
        var usage = EvalSummary.UsageTotals()
        usage.logits.comparisons = comparisons
        usage.logits.inconsistentComparisons = inconsistent
        usage.logits.picksByLabel = picks
        return EvalSummary.SystemRow(
            system: system, configuration: nil, placement: .asGiven, estimates: [], perList: [],
            listCount: 1, usage: usage)
    }

    @Test("the report names each configuration with inconsistent comparisons, also one read from letters without a picks table")
    func line() {
        let rows = [
            row("pairwise/logits", comparisons: 6, inconsistent: 5, picks: [11, 1]),
            row("pairwise/letters", comparisons: 4, inconsistent: 4, picks: []),
            row("setwise/logits", comparisons: 9, inconsistent: 0, picks: [5, 4]),
        ]
        let lines = EvalReport.inconsistentComparisonsLines(rows)
        #expect(lines.count == 2)
        #expect(lines[0].contains("pairwise/logits 5 of 6; pairwise/letters 4 of 4."))
        #expect(!lines[0].contains("setwise"))
        #expect(EvalReport.inconsistentComparisonsLines([rows[2]]).isEmpty)
    }
}
