import Foundation
import LLMClient

/// Reads the first answer token's distribution over candidate labels: FIRST-style scoring (Reddy et al.,
/// 2024), where a whole window is ranked from one token's logits instead of a generated permutation.
///
/// Labels are single letters (A, B, …) because multi-digit numbers such as "10" are not one token. A token
/// names a label when, stripped of spaces, the tokenizer's space markers (`Ġ`, `▁`), brackets, quotes and
/// trailing punctuation, it is that letter in either case. Probabilities of tokens naming the same label are
/// added; a token listed twice counts once.
public enum FirstTokenLabels {
    /// The labels, in presentation order. Twenty: the most alternatives OpenAI's `top_logprobs` returns.
    public static let letters: [String] = (0..<20).map { String(UnicodeScalar(UInt8(ascii: "A") + UInt8($0))) }

    /// The most candidates one labelled call can show.
    public static var maxLabels: Int { letters.count }

    /// What one call's first token said about the labels.
    public enum Reading: Sendable, Equatable {
        /// A log-probability per label (index = presentation position). Labels absent from the returned
        /// alternatives get a floor below the least likely alternative shown; `missing` counts them.
        case scores([Double], missing: Int)
        /// The endpoint returned no logprobs: the caller falls back to generation.
        case noLogprobs
        /// Logprobs came back but no alternative names a label, or they hold a value no log-probability has
        /// (see `usable(_:)`). `reasoning` is true when the first token opens a reasoning block (`<think>`),
        /// the usual cause with thinking models.
        case noLabel(firstToken: String, reasoning: Bool)
    }

    /// How far below the least likely alternative shown an absent label is put: half its probability.
    static let floorGap = log(2.0)

    /// How far above 0 a returned log-probability may be and still be read as 0 (probability 1): servers
    /// round, and a certain token can come back a hair above log 1. Anything higher is no log-probability.
    static let roundingSlack = 1e-3
    /// The lowest log-probability a reading keeps. Its probability is already 0 in a `Double` (`exp`
    /// underflows below about −745), so nothing is lost by raising −1e308 or −∞ to it, and the sums,
    /// differences and means of readings stay finite however low a server goes.
    static let leastLogprob = -1000.0

    /// The chosen first token and its alternatives, chosen first; nil when the response has no logprobs.
    public static func alternatives(in response: ChatCompletionResponse) -> [(String, Double)]? {
        guard let first = response.choices.first?.logprobs?.content?.first else { return nil }
        return [(first.token, first.logprob)] + (first.topLogprobs ?? []).map { ($0.token, $0.logprob) }
    }

    /// The alternatives with every log-probability in [`leastLogprob`, 0], or nil when one of them is NaN, +∞ or
    /// above 0 by more than rounding: a server that sends such a value has sent no distribution, and any
    /// softmax over it would be NaN or would make that token certain. Every first-token reader goes through
    /// this, so such a reading counts where other unusable ones do.
    public static func usable(_ alternatives: [(String, Double)]) -> [(String, Double)]? {
        var result: [(String, Double)] = []
        result.reserveCapacity(alternatives.count)
        for (token, logprob) in alternatives {
            guard !logprob.isNaN, logprob <= roundingSlack else { return nil }
            result.append((token, min(0, max(leastLogprob, logprob))))
        }
        return result
    }

    public static func read(_ response: ChatCompletionResponse, labelCount: Int) -> Reading {
        guard let alternatives = alternatives(in: response) else { return .noLogprobs }
        return read(
            alternatives: alternatives, labelCount: labelCount,
            reasoningText: response.choices.first?.message.reasoningContent)
    }

    /// The same reading from bare (token, log-probability) pairs: the chosen token and its alternatives.
    public static func read(alternatives given: [(String, Double)], labelCount: Int, reasoningText: String? = nil) -> Reading {
        guard let alternatives = usable(given) else {
            return .noLabel(firstToken: String((given.first?.0 ?? "").prefix(40)), reasoning: false)
        }
        let count = max(0, min(labelCount, letters.count))
        var seen = Set<String>()
        var probability = [Double](repeating: 0, count: count)
        var lowest = Double.infinity
        for (token, logprob) in alternatives where seen.insert(token).inserted {
            lowest = min(lowest, logprob)
            if let label = label(of: token, labelCount: count) {
                probability[label] += exp(logprob)
            }
        }
        guard probability.contains(where: { $0 > 0 }) else {
            let firstToken = alternatives.first?.0 ?? ""
            let reasoning = isReasoningMarker(firstToken) || !(reasoningText ?? "").isEmpty
            return .noLabel(firstToken: String(firstToken.prefix(40)), reasoning: reasoning)
        }
        let seenLabels = probability.filter { $0 > 0 }.map(log)
        let floor = min(lowest, seenLabels.min() ?? lowest) - floorGap
        let scores = probability.map { $0 > 0 ? log($0) : floor }
        return .scores(scores, missing: probability.filter { $0 == 0 }.count)
    }

    /// The label index a token names, if any.
    public static func label(of token: String, labelCount: Int) -> Int? {
        var text = Substring(token)
        let strip: Set<Character> = [
            " ", "\t", "\n", "Ġ", "▁", "Ċ", "[", "]", "(", ")", "{", "}", "<", ">", "\"", "'", "*", ".", ":", ",", ";",
        ]
        while let first = text.first, strip.contains(first) { text = text.dropFirst() }
        while let last = text.last, strip.contains(last) { text = text.dropLast() }
        guard text.count == 1, let scalar = text.unicodeScalars.first, scalar.isASCII else { return nil }
        let value = Int(scalar.value)
        let index: Int
        switch value {
        case 65...90: index = value - 65
        case 97...122: index = value - 97
        default: return nil
        }
        return index < labelCount ? index : nil
    }

    /// Tokens that open a reasoning block instead of answering.
    static func isReasoningMarker(_ token: String) -> Bool {
        let lowered = token.lowercased()
        return lowered.contains("<think") || lowered.contains("<|think") || lowered.contains("<reasoning")
            || lowered.contains("<|channel")
    }

    /// Log-probabilities renormalised over the labels, so votes over the same candidates are comparable:
    /// log p_i − log Σ_j p_j.
    public static func normalised(_ scores: [Double]) -> [Double] {
        guard let top = scores.max(), top.isFinite else { return scores }
        let total = scores.reduce(0) { $0 + exp($1 - top) }
        let logTotal = top + log(total)
        return scores.map { $0 - logTotal }
    }

    /// The labels' probabilities renormalised to sum to 1.
    public static func probabilities(_ scores: [Double]) -> [Double] {
        normalised(scores).map { exp($0) }
    }
}
