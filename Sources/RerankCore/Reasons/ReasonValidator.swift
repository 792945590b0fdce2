import Foundation
import JSONLines
import LLMClient

/// Reads a model's answer as `{"<item id>": "<reason>", ...}` and sorts it into valid reasons, problems per
/// requested id, and ids that were never asked for; pure, so every rule is testable.
public struct ReasonValidator: Sendable {
    public var maxCharacters: Int
    public var minCharacters: Int

    public init(maxCharacters: Int, minCharacters: Int = 1) {
        self.maxCharacters = maxCharacters
        self.minCharacters = minCharacters
    }

    /// What one answer yields.
    public struct Outcome: Sendable, Hashable {
        /// Requested id to its valid reason.
        public var valid: [String: String]
        /// Requested id to what is wrong with its reason (or "missing").
        public var problems: [String: String]
        /// Ids in the answer that were not requested.
        public var unrequested: [String]
    }

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
            guard case .string(let raw) = value else {
                outcome.problems[id] = "not a string"
                continue
            }
            let text = raw.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
            if text.count < minCharacters {
                outcome.problems[id] = text.isEmpty ? "empty" : "shorter than \(minCharacters) characters"
            } else if text.count > maxCharacters {
                outcome.problems[id] = "longer than \(maxCharacters) characters (\(text.count))"
            } else {
                outcome.valid[id] = text
            }
        }
        return outcome
    }
}
