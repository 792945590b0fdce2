/// Collects the calls of concurrent comparisons.
actor ComparisonLedger {
    private var outcomes: [CallOutcome] = []
    private var answered = 0
    private var counts = LogitsCounts()

    func record(_ new: [CallOutcome], answered count: Int, counts added: LogitsCounts) {
        outcomes += new
        answered += count
        counts = counts + added
    }

    func snapshot() -> ([CallOutcome], Int, LogitsCounts) { (outcomes, answered, counts) }
}
