import JSONLines

/// How an answer was mended into a complete permutation.
public struct RepairCounts: Sendable, Hashable, Codable {
    /// Candidates the answer left out, appended in upstream order.
    public var missing: Int
    /// References to a candidate already placed, dropped.
    public var duplicate: Int
    /// References to no candidate (out-of-range labels, unmatched titles), dropped.
    public var unknown: Int

    public init(missing: Int = 0, duplicate: Int = 0, unknown: Int = 0) {
        self.missing = missing
        self.duplicate = duplicate
        self.unknown = unknown
    }

    public var isClean: Bool { missing == 0 && duplicate == 0 && unknown == 0 }

    /// Every repair made, of any kind.
    var total: Int { missing + duplicate + unknown }

    public static func + (left: RepairCounts, right: RepairCounts) -> RepairCounts {
        RepairCounts(
            missing: left.missing + right.missing, duplicate: left.duplicate + right.duplicate, unknown: left.unknown + right.unknown)
    }
}

extension RepairCounts: OutputJSONConvertible {
    public var outputJSON: OutputJSON {
        .object([("missing", .int(missing)), ("duplicate", .int(duplicate)), ("unknown", .int(unknown))])
    }
}
