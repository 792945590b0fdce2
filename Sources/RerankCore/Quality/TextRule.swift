/// The rules that ask a text shown to a person to be finished and to say something, as named in
/// `rejected[].rule`, in reasons' `reasons_omitted[].rule` and in the configuration's `skip_rules`.
public enum TextRule: String, Sendable, Hashable, CaseIterable {
    /// Ends inside a phrase (a comma, dash, conjunction, article, preposition or particle last), has
    /// unbalanced quotes or brackets, or (descriptions and reasons) does not end a sentence.
    case incomplete
    /// Only the item's title, brand or attribute values, or mostly made of them, or the same as another field.
    case echo
    /// A content word repeated more than `max_word_repeats` times, an n-gram repeated, or a word doubled.
    case degenerate
    /// Reasons only: fewer than `min_words` words.
    case notASentence = "not_a_sentence"
    /// Reasons only, with `reasons.require_grounding`: names neither a history item nor an attribute.
    case ungrounded
    /// Reasons only: names an attribute value (a genre) that the item does not have, though the request shows it
    /// on another item.
    case wrongAttribute = "wrong_attribute"
    /// Reasons only: names the item itself, or another recommended item not in the history, as if from the history.
    case selfReference = "self_reference"
    /// With `--judge`: the judge graded it below the threshold.
    case judge
}
