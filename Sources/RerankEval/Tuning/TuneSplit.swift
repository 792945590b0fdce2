/// Which lists choose the configuration and which prove it: two disjoint parts of the lists.
///
/// Choosing the best of many configurations on the same lists that measure it overstates its gain; the
/// confirmation part is never looked at until one configuration has been chosen.
public struct TuneSplit: Sendable, Hashable {
    /// How lists are assigned to the parts.
    public enum Method: String, Sendable, Hashable, CaseIterable {
        /// By a seeded hash of each list's id: the same lists give the same split in any file order.
        case seeded
        /// The first lists of the file tune and the rest confirm, as a hand-made held-out test does.
        case inOrder = "in-order"
    }

    /// Indices of the tuning lists, in file order.
    public var tuning: [Int]
    /// Indices of the confirmation lists, in file order.
    public var confirmation: [Int]
    public var method: Method
    public var seed: UInt64

    /// Splits lists of these ids: `tuningShare` of them (rounded, at least one on each side when there are two)
    /// tune, the rest confirm.
    public init(listIDs: [String], tuningShare: Double, seed: UInt64, method: Method) {
        let count = listIDs.count
        var tuningCount = Int((Double(count) * min(max(tuningShare, 0), 1)).rounded())
        if count >= 2 { tuningCount = min(max(tuningCount, 1), count - 1) }
        let ordered: [Int]
        switch method {
        case .inOrder:
            ordered = Array(0..<count)
        case .seeded:
            // A list's place depends on its id and the seed alone; the index breaks ties between repeated ids.
            let keys = listIDs.map { SeededSampling.seed(for: $0, base: seed) }
            ordered = (0..<count).sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        }
        tuning = ordered.prefix(tuningCount).sorted()
        confirmation = ordered.dropFirst(tuningCount).sorted()
        self.method = method
        self.seed = seed
    }
}
