/// The label log-probabilities a model gives when the candidates say nothing: its preference for the letters
/// themselves, which a calibrated reading subtracts.
public struct LabelPrior: Sendable, Hashable {
    /// Log-probability per label (A first), renormalised over the labels.
    public let logProbabilities: [Double]

    /// A prior from one content-free reading's label scores (floors included).
    public init(scores: [Double]) {
        logProbabilities = FirstTokenLabels.normalised(scores)
    }

    /// A reading's label scores with the prior divided out: `log p_i − log q_i`, each side renormalised over the
    /// labels first. A reading of another label count than the prior's is returned unchanged.
    public func calibrate(_ scores: [Double]) -> [Double] {
        guard scores.count == logProbabilities.count else { return scores }
        return zip(FirstTokenLabels.normalised(scores), logProbabilities).map { $0 - $1 }
    }
}
