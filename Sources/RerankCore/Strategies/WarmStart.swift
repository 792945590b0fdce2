/// Calls that share a long prompt prefix, scheduled so the server's prompt cache serves it: the first call runs
/// alone and leaves the prefix in the cache, and the rest follow a bounded number at a time.
///
/// llama.cpp keeps a cached prefix in one slot and does not share it between slots, so one call at a time keeps
/// every call on the slot that holds it and the prefix is read once; calls started together spread over the slots
/// and each slot reads the prefix again. Endpoints that share cached prefixes across parallel requests (vLLM's
/// automatic prefix caching, hosted APIs) can run more at once for the same prompt work.
enum WarmStart {
    /// `body` for every index in `0..<count`, the results in index order.
    /// - Parameters:
    ///   - warm: the first call runs alone before any other starts; without it every call starts at once.
    ///   - inFlight: after the warm call, how many run at once; 0 runs them all together.
    static func run<Result: Sendable>(
        count: Int, warm: Bool, inFlight: Int, _ body: @escaping @Sendable (Int) async -> Result
    ) async -> [Result] {
        guard count > 0 else { return [] }
        var results: [Result] = warm ? [await body(0)] : []
        var rest = ((warm ? 1 : 0)..<count).makeIterator()
        let limit = warm && inFlight > 0 ? inFlight : count
        results += await withTaskGroup(of: (Int, Result).self) { group in
            func start(_ index: Int) {
                group.addTask { (index, await body(index)) }
            }
            for _ in 0..<limit { if let index = rest.next() { start(index) } }
            var collected: [(Int, Result)] = []
            for await result in group {
                collected.append(result)
                if let index = rest.next() { start(index) }
            }
            return collected.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return results
    }
}
