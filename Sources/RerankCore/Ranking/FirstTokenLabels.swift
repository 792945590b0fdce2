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
        /// Logprobs came back but no alternative names a label. `reasoning` is true when the first token
        /// opens a reasoning block (`<think>`), the usual cause with thinking models.
        case noLabel(firstToken: String, reasoning: Bool)
    }

    /// How far below the least likely alternative shown an absent label is put: half its probability.
    static let floorGap = log(2.0)

    public static func read(_ response: ChatCompletionResponse, labelCount: Int) -> Reading {
        guard let first = response.choices.first?.logprobs?.content?.first else { return .noLogprobs }
        var alternatives: [(String, Double)] = [(first.token, first.logprob)]
        alternatives += (first.topLogprobs ?? []).map { ($0.token, $0.logprob) }
        return read(alternatives: alternatives, labelCount: labelCount,
                    reasoningText: response.choices.first?.message.reasoningContent)
    }

    /// The same reading from bare (token, log-probability) pairs: the chosen token and its alternatives.
    public static func read(alternatives: [(String, Double)], labelCount: Int, reasoningText: String? = nil) -> Reading {
        let count = max(0, min(labelCount, letters.count))
        var seen = Set<String>()
        var probability = [Double](repeating: 0, count: count)
        var lowest = Double.infinity
        for (token, logprob) in alternatives where logprob.isFinite && seen.insert(token).inserted {
            lowest = min(lowest, logprob)
            if let label = label(of: token, labelCount: count) {
                probability[label] += exp(min(0, logprob))
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
        let strip: Set<Character> = [" ", "\t", "\n", "Ġ", "▁", "Ċ", "[", "]", "(", ")", "{", "}", "<", ">", "\"", "'", "*", ".", ":", ",", ";"]
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
