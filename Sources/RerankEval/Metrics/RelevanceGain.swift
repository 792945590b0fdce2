import Foundation

/// How a graded label becomes gain in DCG: trec_eval's linear gain by default, `2^rel − 1` when asked.
public enum RelevanceGain: String, Sendable, Hashable, CaseIterable, Codable {
    /// gain = rel (trec_eval `ndcg_cut`).
    case linear
    /// gain = 2^rel − 1 (Burges et al.), which weighs highly relevant items more.
    case exponential

    /// The gain of one label; labels at or below zero gain nothing.
    public func gain(_ relevance: Double) -> Double {
        guard relevance > 0 else { return 0 }
        switch self {
        case .linear: return relevance
        case .exponential: return pow(2, relevance) - 1
        }
    }
}
