import RerankCore

/// Where the relevant item is shown to the model: as the list gives it, or moved to a fixed position for the
/// position-bias study.
public enum Placement: Sendable, Hashable, Comparable {
    case asGiven
    case swept(SweepPosition)

    /// `as_given`, `first`, `quarter`, …
    public var name: String {
        switch self {
        case .asGiven: return "as_given"
        case .swept(let position): return position.rawValue
        }
    }
}
