/// The editorial rules every creative must pass, named as they appear in `rejected[].rule` and the summary.
public enum CreativeRule: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The headline or description is empty, or has no letters or digits.
    case empty
    /// The headline is wider than `headline_max_chars` (double-width characters count 2).
    case headlineLength = "headline_length"
    /// The description is wider than `description_max_chars`.
    case descriptionLength = "description_length"
    /// A banned term appears as a whole word, in any letter case.
    case bannedTerm = "banned_term"
    /// A required term appears in neither the headline nor the description.
    case requiredTerm = "required_term"
    /// Two punctuation marks in a row such as "!!", "?!", ",," or "...".
    case repeatedPunctuation = "repeated_punctuation"
    /// A word in capitals that is not an acronym.
    case allCaps = "all_caps"
    /// An emoji or pictograph.
    case emoji
    /// More than one "!" in the creative.
    case exclamation
    /// The same headline or description, after normalising case, width and punctuation, as another creative of the set.
    case duplicate
    /// The headline or description is unfinished (`TextRule.incomplete`); a description must end a sentence.
    case incomplete
    /// The headline or description only repeats the product's title, brand or attributes (`TextRule.echo`).
    case echo
    /// The headline or description repeats a word or phrase (`TextRule.degenerate`).
    case degenerate
    /// With `--judge`: graded below the threshold for fluency and faithfulness to the product.
    case judge

    public static func < (left: CreativeRule, right: CreativeRule) -> Bool {
        allCases.firstIndex(of: left) ?? 0 < allCases.firstIndex(of: right) ?? 0
    }
}
