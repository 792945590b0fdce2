import LLMClient

/// Writes answers in input order as soon as each is next in line.
actor OrderedOutput {
    private let emit: @Sendable (String) -> Bool
    private let window: ConcurrencyLimiter
    private var nextToWrite = 0
    private var ready: [Int: String] = [:]
    private(set) var isOpen = true
    private(set) var written = 0

    init(emit: @escaping @Sendable (String) -> Bool, window: ConcurrencyLimiter) {
        self.emit = emit
        self.window = window
    }

    func deliver(_ index: Int, _ line: String) async {
        ready[index] = line
        var released = 0
        while let next = ready.removeValue(forKey: nextToWrite) {
            if isOpen {
                isOpen = emit(next)
                if isOpen { written += 1 }
            }
            nextToWrite += 1
            released += 1
        }
        if released > 0 { await window.release(count: released) }
    }
}
