import Foundation
import JSONLines
import LLMClient

/// Reads a model's answer as `{"<item id>": "<reason>", ...}`, or with several sentences an id
/// (`{"<item id>": ["<reason>", "<another>"], ...}`), and sorts it into valid reasons, problems per requested id,
/// and ids that were never asked for; pure, so every rule is testable.
public struct ReasonValidator: Sendable {
    public var maxCharacters: Int
    public var minCharacters: Int

    public init(maxCharacters: Int, minCharacters: Int = 1) {
        self.maxCharacters = maxCharacters
        self.minCharacters = minCharacters
    }

    /// What one answer yields.
    public struct Outcome: Sendable, Hashable {
        /// Requested id to its first valid reason.
        public var valid: [String: String]
        /// Requested id to every valid reason it was given, in the order written.
        public var candidates: [String: [String]] = [:]
        /// Requested id to what is wrong with its reason (or "missing").
        public var problems: [String: String]
        /// Ids in the answer that were not requested.
        public var unrequested: [String]
    }

    /// The most sentences read for one id; the prompt asks for at most `ReasonConfiguration` `candidates` (≤ 4).
    public static let maxSentencesRead = 4

    public func validate(_ answer: String, requested: [String]) -> Outcome {
        var outcome = Outcome(valid: [:], problems: [:], unrequested: [])
        let object = [answer, JSONExtraction.firstObject(in: answer)].compactMap { $0 }.lazy.compactMap { text -> JSONObject? in
            guard case .object(let members)? = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { return nil }
            return members
        }.first
        guard let object else {
            for id in requested { outcome.problems[id] = "the answer was not a JSON object keyed by id" }
            return outcome
        }
        let wanted = Set(requested)
        outcome.unrequested = object.keys.filter { !wanted.contains($0) }.sorted()
        for id in requested {
            guard let value = object[id] else {
                outcome.problems[id] = "missing"
                continue
            }
            let texts: [String]
            switch value {
            case .string(let raw): texts = [raw]
            case .array(let values):
                // At most `maxSentencesRead` of them: an answer of thousands must not cost thousands of checks.
                texts = values.prefix(Self.maxSentencesRead).compactMap(\.stringValue)
                guard !texts.isEmpty else {
                    outcome.problems[id] = values.isEmpty ? "empty" : "not a string"
                    continue
                }
            default:
                outcome.problems[id] = "not a string"
                continue
            }
            var firstProblem: String?
            for raw in texts {
                let text = raw.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
                if text.count < minCharacters {
                    firstProblem = firstProblem ?? (text.isEmpty ? "empty" : "shorter than \(minCharacters) characters")
                } else if text.count > maxCharacters {
                    firstProblem = firstProblem ?? "longer than \(maxCharacters) characters (\(text.count))"
                } else {
                    outcome.candidates[id, default: []].append(text)
                }
            }
            if let first = outcome.candidates[id]?.first {
                outcome.valid[id] = first
            } else {
                outcome.problems[id] = firstProblem ?? "missing"
            }
        }
        return outcome
    }
}
