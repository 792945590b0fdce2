/// The settings of the text rules (`TextRule`): thresholds, and which rules to skip. A plain value with
/// defaults, set from `creatives.*` and `reasons.*` in the configuration.
public struct TextRules: Sendable, Hashable {
    /// A content word may appear at most this many times in one headline, description or reason.
    public var maxWordRepeats: Int
    /// A run of this many units (words; character pairs in Chinese and Japanese) may not appear twice.
    public var repeatedNgram: Int
    /// A text whose content words are at least this share the item's title, brand and attribute values is an echo.
    public var echoMaxShare: Double
    /// Reasons: the fewest words a reason may have (two Chinese or Japanese characters count as one word).
    public var minWords: Int
    /// Descriptions and reasons must end a sentence (".", "!", "?", "。", "！", "？").
    public var requireFinalPunctuation: Bool
    /// Rules not applied.
    public var skipped: Set<TextRule>

    public init(
        maxWordRepeats: Int = 2, repeatedNgram: Int = 3, echoMaxShare: Double = 0.8, minWords: Int = 4,
        requireFinalPunctuation: Bool = true, skipped: Set<TextRule> = []
    ) {
        self.maxWordRepeats = maxWordRepeats
        self.repeatedNgram = repeatedNgram
        self.echoMaxShare = echoMaxShare
        self.minWords = minWords
        self.requireFinalPunctuation = requireFinalPunctuation
        self.skipped = skipped
    }

    /// Whether `rule` is checked.
    public func applies(_ rule: TextRule) -> Bool { !skipped.contains(rule) }

    /// Rule names from configuration; an unknown name is an error naming the known ones.
    public static func rules(named names: [String], key: String) throws(ConfigurationError) -> Set<TextRule> {
        var rules = Set<TextRule>()
        for name in names {
            guard let rule = TextRule(rawValue: name) else {
                throw ConfigurationError(
                    key: key, source: "configuration",
                    message: "unknown rule '\(name)'; rules are \(TextRule.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            rules.insert(rule)
        }
        return rules
    }
}
