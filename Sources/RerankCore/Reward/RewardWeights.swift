/// How the reward of a list combines its measures. The reward is the weighted mean
/// `Σ wᵢ · mᵢ / Σ wᵢ` over: mean relevance, ILD, attribute coverage, distinct-2 and (1 − self-BLEU).
/// Measures that do not apply (coverage without attributes, text measures for fewer than two texts) drop out
/// of both sums. Every measure is in [0, 1], so the reward is too.
public struct RewardWeights: Sendable, Hashable {
    public var relevance: Double
    public var intraListDiversity: Double
    public var coverage: Double
    public var distinct2: Double
    /// Applied to 1 − self-BLEU, so higher is more varied like the others.
    public var selfBLEU: Double

    public init(
        relevance: Double = 0.6, intraListDiversity: Double = 0.15, coverage: Double = 0.05, distinct2: Double = 0.1, selfBLEU: Double = 0.1
    ) {
        self.relevance = relevance
        self.intraListDiversity = intraListDiversity
        self.coverage = coverage
        self.distinct2 = distinct2
        self.selfBLEU = selfBLEU
    }

    /// Parses `relevance=0.5,ild=0.3,...` as the CLI takes it; unnamed weights keep their defaults.
    public init(parsing text: String) throws(RewardError) {
        self.init()
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let value = Double(pair[1]), value.isFinite, value >= 0 else {
                throw RewardError(
                    .invalidWeights, "'\(part)' is not name=number with a number ≥ 0; names are \(Self.names.joined(separator: ", "))")
            }
            switch pair[0] {
            case "relevance": relevance = value
            case "ild": intraListDiversity = value
            case "coverage": coverage = value
            case "distinct2": distinct2 = value
            case "self_bleu": selfBLEU = value
            default:
                throw RewardError(.invalidWeights, "unknown weight '\(pair[0])'; names are \(Self.names.joined(separator: ", "))")
            }
        }
        guard relevance + intraListDiversity + coverage + distinct2 + selfBLEU > 0 else {
            throw RewardError(.invalidWeights, "all weights are 0; give at least one a positive weight")
        }
    }

    /// The names the CLI and the JSON input use.
    public static let names = ["relevance", "ild", "coverage", "distinct2", "self_bleu"]

    /// The weighted mean of the measures that apply (nil measures drop out); 0 when none applies.
    public func combine(relevance: Double?, intraListDiversity: Double?, coverage: Double?, distinct2: Double?, selfBLEU: Double?) -> Double
    {
        let terms: [(Double, Double?)] = [
            (self.relevance, relevance),
            (self.intraListDiversity, intraListDiversity),
            (self.coverage, coverage),
            (self.distinct2, distinct2),
            (self.selfBLEU, selfBLEU.map { 1 - $0 }),
        ]
        var weighted = 0.0, weights = 0.0
        for (weight, measure) in terms {
            guard let measure, weight > 0 else { continue }
            weighted += weight * measure
            weights += weight
        }
        return weights > 0 ? weighted / weights : 0
    }
}
