import Foundation

/// Why a tune could not start or finish, with what to change.
public enum TuneError: Error, Sendable, Hashable, LocalizedError, CustomStringConvertible {
    /// A `--budget` that does not parse.
    case badBudget(String, detail: String)
    /// A `--metric` the evaluation does not compute.
    case unknownMetric(String, known: [String])
    /// A part of the split too small for a paired test to mean anything.
    case tooFewLists(part: String, count: Int, minimum: Int)
    /// A candidate configuration that sets what the tune sweeps itself.
    case sweptKeyInCandidate(String)
    /// No candidate configuration the endpoint answers within the budget.
    case nothingToTune(String)
    /// A setting out of range.
    case invalidSetting(String)
    /// tuned.yaml could not be written.
    case cannotWriteConfiguration(path: String, reason: String)

    public var description: String {
        switch self {
        case .badBudget(let text, let detail):
            return "--budget '\(text)': \(detail); write it as calls=N,prefill=N,seconds=N per list (any of them)"
        case .unknownMetric(let name, let known):
            return "--metric '\(name)' is not computed; use one of \(known.joined(separator: ", ")) (--cutoffs adds NDCG cut-offs)"
        case .tooFewLists(let part, let count, let minimum):
            return
                "the \(part) part would hold \(count) lists, fewer than \(minimum); give more lists or change --tuning-share"
        case .sweptKeyInCandidate(let spec):
            return "candidate '\(spec)' sets fusion or fusion_mode, which the tune sweeps itself (--weight-step); leave them out"
        case .nothingToTune(let detail):
            return "no candidate configuration is left to tune: \(detail); raise --budget or give other --candidate configurations"
        case .invalidSetting(let detail):
            return detail
        case .cannotWriteConfiguration(let path, let reason):
            return "cannot write the tuned configuration to \(path) (\(reason)); pick a writable --output path"
        }
    }

    public var errorDescription: String? { description }
}
