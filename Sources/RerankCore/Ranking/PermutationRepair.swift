/// Makes a complete permutation out of whatever the model referred to.
public enum PermutationRepair {
    /// - Parameters:
    ///   - references: what the parser read, in the model's order.
    ///   - fallbackOrder: every shown position once, in the order missing ones are appended.
    public static func repair(_ references: [PermutationParser.Reference], fallbackOrder: [Int]) -> (order: [Int], repairs: RepairCounts) {
        var placed = Set<Int>()
        var order: [Int] = []
        var repairs = RepairCounts()
        let valid = Set(fallbackOrder)
        for reference in references {
            switch reference {
            case .candidate(let position) where valid.contains(position):
                if placed.insert(position).inserted {
                    order.append(position)
                } else {
                    repairs.duplicate += 1
                }
            case .candidate, .unknown:
                repairs.unknown += 1
            }
        }
        for position in fallbackOrder where !placed.contains(position) {
            placed.insert(position)
            order.append(position)
            repairs.missing += 1
        }
        return (order, repairs)
    }
}
