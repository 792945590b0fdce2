import Foundation
import JSONLines
import LLMClient

/// What a set of creatives must satisfy: how many, how long, which words must and must not appear.
/// Defaults apply to every ad; a line's `constraints` object overrides them field by field.
public struct CreativeConstraints: Sendable, Hashable {
    /// How many creatives to return.
    public var count: Int
    /// How many to ask for per round (best-of-n).
    public var candidates: Int
    public var headlineMaxChars: Int
    public var descriptionMaxChars: Int
    public var bannedTerms: [String]
    public var requiredTerms: [String]
    /// The language to write in, as the prompt names it ("English", "ja"); nil: the product's language.
    public var language: String?
    /// Capitalised words that are acronyms, not shouting ("NASA", "HDMI"), beyond the built-in rule.
    public var allowedAcronyms: [String]
    /// Generation rounds at most, the first included; each later one asks for new creatives from the next angles.
    public var maxRounds: Int
    /// The settings of the completeness, echo and repetition rules (configuration only, not per line).
    public var textRules: TextRules

    public init(
        count: Int = 5, candidates: Int = 8, headlineMaxChars: Int = 30, descriptionMaxChars: Int = 90,
        bannedTerms: [String] = [], requiredTerms: [String] = [], language: String? = nil,
        allowedAcronyms: [String] = [], maxRounds: Int = 3, textRules: TextRules = TextRules()
    ) {
        self.count = count
        self.candidates = candidates
        self.headlineMaxChars = headlineMaxChars
        self.descriptionMaxChars = descriptionMaxChars
        self.bannedTerms = bannedTerms
        self.requiredTerms = requiredTerms
        self.language = language
        self.allowedAcronyms = allowedAcronyms
        self.maxRounds = maxRounds
        self.textRules = textRules
    }

    /// About how many words fit the headline limit: small models keep to a word count far better than to a
    /// character count. 7 characters a word (a word of 5 or 6 letters and its space), at least 2.
    public var headlineWords: Int { max(2, headlineMaxChars / 7) }
    /// About how many words fit the description limit, as for `headlineWords`; at least 4.
    public var descriptionWords: Int { max(4, descriptionMaxChars / 7) }

    /// The JSON field names a line's `constraints` may use.
    public static let fieldNames: Set<String> = [
        "count", "candidates", "headline_max_chars", "description_max_chars", "banned_terms", "required_terms",
        "language", "allowed_acronyms", "max_rounds",
    ]

    /// These defaults with the fields of `object` applied; errors name the field and what it must be.
    public func overridden(by object: JSONObject, path: String = "constraints") throws(RequestError) -> CreativeConstraints {
        var result = self
        for key in object.keys.sorted() where !Self.fieldNames.contains(key) {
            throw RequestError(
                .unknownField, "unknown field '\(path).\(key)'; constraints are \(Self.fieldNames.sorted().joined(separator: ", "))")
        }
        func integer(_ key: String, _ range: ClosedRange<Int>) throws(RequestError) -> Int? {
            guard let raw = object[key], raw != .null else { return nil }
            guard let value = raw.wholeNumber(in: range) else {
                throw RequestError(.invalidField, "'\(path).\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        func strings(_ key: String) throws(RequestError) -> [String]? {
            guard let raw = object[key], raw != .null else { return nil }
            guard case .array(let values) = raw else { throw RequestError(.invalidField, "'\(path).\(key)' must be a list of strings") }
            var terms: [String] = []
            for value in values {
                guard let text = value.stringValue?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
                    throw RequestError(.invalidField, "'\(path).\(key)' must be a list of non-empty strings")
                }
                terms.append(text)
            }
            return terms
        }
        if let value = try integer("count", 1...50) { result.count = value }
        if let value = try integer("candidates", 1...50) { result.candidates = value }
        if let value = try integer("headline_max_chars", 1...1000) { result.headlineMaxChars = value }
        if let value = try integer("description_max_chars", 1...5000) { result.descriptionMaxChars = value }
        if let value = try integer("max_rounds", 1...10) { result.maxRounds = value }
        if let value = try strings("banned_terms") { result.bannedTerms = value }
        if let value = try strings("required_terms") { result.requiredTerms = value }
        if let value = try strings("allowed_acronyms") { result.allowedAcronyms = value }
        if let raw = object["language"], raw != .null {
            guard let text = raw.stringValue?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
                throw RequestError(.invalidField, "'\(path).language' must be a non-empty string such as \"English\" or \"ja\"")
            }
            result.language = text
        }
        return result
    }
}
