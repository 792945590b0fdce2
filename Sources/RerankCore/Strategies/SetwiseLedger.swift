/// Collects the calls of one setwise request and numbers its comparisons (each gets its own shuffle).
actor SetwiseLedger {
    private var outcomes: [CallOutcome] = []
    private var counts = LogitsCounts()
    private var answered = 0
    private var issued = 0

    func next() -> Int {
        issued += 1
        return issued
    }

    func record(_ new: [CallOutcome], counts added: LogitsCounts, answered wasAnswered: Bool) {
        outcomes += new
        counts = counts + added
        if wasAnswered { answered += 1 }
    }

    func comparison(usable: Bool) {
        counts.comparisons += 1
        if !usable { counts.unusableComparisons += 1 }
    }

    func snapshot() -> ([CallOutcome], LogitsCounts, Int) { (outcomes, counts, answered) }
}
