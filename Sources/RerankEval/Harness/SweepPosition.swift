import RerankCore

/// The fixed positions of the position-bias study.
public enum SweepPosition: String, Sendable, Hashable, CaseIterable, Comparable {
    case first
    case quarter
    case middle
    case threeQuarters = "three_quarters"
    case last

    /// Fraction of the way down the list.
    public var fraction: Double {
        switch self {
        case .first: return 0
        case .quarter: return 0.25
        case .middle: return 0.5
        case .threeQuarters: return 0.75
        case .last: return 1
        }
    }

    /// The 0-based index in a list of `count` items: `round(fraction × (count − 1))`, halves rounded up
    /// (20 items: 1st, 6th, 11th, 15th, 20th).
    public func index(count: Int) -> Int {
        guard count > 1 else { return 0 }
        return Int((fraction * Double(count - 1)).rounded(.toNearestOrAwayFromZero))
    }

    public static func < (left: SweepPosition, right: SweepPosition) -> Bool {
        left.fraction < right.fraction
    }

    /// The request with its most relevant candidate (first in upstream order among equals) moved to this
    /// position and every other candidate in upstream order. Scores are removed so the given order is the
    /// upstream order the model sees (and fuses with). Nil when no candidate is relevant.
    public func apply(to list: LabelledList) -> [Item]? {
        let upstream = list.request.upstreamOrder.map { list.request.candidates[$0] }
        var best: (index: Int, label: Double)?
        for (index, item) in upstream.enumerated() {
            let label = list.labels[item.id] ?? 0
            if label > 0, label > (best?.label ?? 0) { best = (index, label) }
        }
        guard let best else { return nil }
        var others = upstream
        let positive = others.remove(at: best.index)
        others.insert(positive, at: index(count: upstream.count))
        return others.map { item in
            var copy = item
            copy.score = nil
            return copy
        }
    }
}

extension Placement {
    public static func < (left: Placement, right: Placement) -> Bool {
        switch (left, right) {
        case (.asGiven, .asGiven): return false
        case (.asGiven, .swept): return true
        case (.swept, .asGiven): return false
        case let (.swept(l), .swept(r)): return l < r
        }
    }
}
