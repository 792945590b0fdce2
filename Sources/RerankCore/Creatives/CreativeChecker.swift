import Foundation

/// The hard editorial checks, as ad platforms apply them; pure, so every rule is testable on its own.
public struct CreativeChecker: Sendable {
    public let constraints: CreativeConstraints
    /// The product written for: what an echo would repeat. nil skips the echo rule.
    public let product: AdRequest.Product?

    /// Capitalised words of at most this many letters read as acronyms ("USB", "HDMI").
    public static let acronymMaxLetters = 4
    /// Short words that are shouting, not acronyms, even in capitals.
    public static let shoutingWords: Set<String> = [
        "FREE", "NEW", "NOW", "BUY", "SALE", "BEST", "HOT", "WOW", "OFF", "YES", "GET", "TOP", "DEAL", "WIN", "SAVE", "ONLY", "LAST",
    ]

    public init(constraints: CreativeConstraints, product: AdRequest.Product? = nil) {
        self.constraints = constraints
        self.product = product
    }

    /// Every rule `creative` breaks, in rule order; `accepted` are the creatives already in the set, for duplicates.
    /// Each detail quotes the text at fault and says what would pass, as the next round's prompt shows it:
    /// a model told "the headline "…" is 52 characters; the limit is 30 (about 4 words)" writes shorter, one
    /// told only that a headline was too long repeats it.
    public func violations(of creative: Creative, accepted: [Creative] = []) -> [CreativeViolation] {
        var found: [CreativeViolation] = []
        let headline = creative.headline, description = creative.description
        let both = headline + "\n" + description
        let whole = "the creative " + Self.quoted(headline)
        if Self.normalised(headline).isEmpty || Self.normalised(description).isEmpty {
            found.append(
                CreativeViolation(.empty, Self.normalised(headline).isEmpty ? "the headline is empty" : "the description is empty"))
        }
        if let detail = lengthFault("headline", headline, limit: constraints.headlineMaxChars, words: constraints.headlineWords) {
            found.append(CreativeViolation(.headlineLength, detail))
        }
        if let detail = lengthFault(
            "description", description, limit: constraints.descriptionMaxChars, words: constraints.descriptionWords)
        {
            found.append(CreativeViolation(.descriptionLength, detail))
        }
        if let term = constraints.bannedTerms.first(where: { Self.containsWord($0, in: both) }) {
            found.append(CreativeViolation(.bannedTerm, "\(whole) uses the banned term \"\(term)\"; leave it out"))
        }
        let missing = constraints.requiredTerms.filter { !Self.containsWord($0, in: both) }
        if !missing.isEmpty {
            found.append(
                CreativeViolation(.requiredTerm, "\(whole) must mention \(missing.map { "\"\($0)\"" }.joined(separator: " and "))"))
        }
        if let run = Self.repeatedPunctuation(in: both) {
            found.append(CreativeViolation(.repeatedPunctuation, "\(whole) repeats punctuation \"\(run)\"; use one mark"))
        }
        if let word = capitalisedWord(in: both) {
            found.append(CreativeViolation(.allCaps, "\(whole) has \"\(word)\" in capitals; write it in lower case"))
        }
        if let emoji = both.first(where: Self.isEmoji) {
            found.append(CreativeViolation(.emoji, "\(whole) contains the emoji \(emoji); use words"))
        }
        let exclamations = both.filter { $0 == "!" || $0 == "！" }.count
        if exclamations > 1 {
            found.append(CreativeViolation(.exclamation, "\(whole) has \(exclamations) exclamation marks, at most 1 allowed"))
        }
        if let twin = accepted.first(where: { Self.isDuplicate(creative, of: $0) }) {
            found.append(CreativeViolation(.duplicate, "\(whole) repeats \(Self.quoted(twin.headline)); write a different one"))
        }
        return found + textViolations(of: creative)
    }

    /// "the headline "…" is 52 characters; the limit is 30 (about 4 words)", or nil when `text` fits `limit`.
    /// Text with double-width characters is told its count in those terms, and the limit as about half as many
    /// of them.
    func lengthFault(_ part: String, _ text: String, limit: Int, words: Int) -> String? {
        let width = DisplayWidth.of(text)
        guard width > limit else { return nil }
        if text.contains(where: { DisplayWidth.width(of: $0) == 2 }) {
            return "the \(part) \(Self.quoted(text)) counts \(width) (Chinese, Japanese and Korean characters count 2); "
                + "the limit is \(limit), about \(max(1, limit / 2)) such characters"
        }
        return "the \(part) \(Self.quoted(text)) is \(width) characters; the limit is \(limit) (about \(words) words)"
    }

    /// A text as a detail quotes it, whole (a quote cut with "…" was copied back, cut, into new creatives).
    static func quoted(_ text: String) -> String {
        "\"" + text + "\""
    }

    /// The text rules (`TextQualityCheck`) on the headline, then the description; at most one violation per rule.
    func textViolations(of creative: Creative) -> [CreativeViolation] {
        let rules = constraints.textRules
        let parts = [("headline", creative.headline, false), ("description", creative.description, rules.requireFinalPunctuation)]
        var found: [CreativeViolation] = []
        if rules.applies(.incomplete),
            let (part, problem) = parts.lazy.compactMap({ name, text, sentence in
                TextQualityCheck.incomplete(text, sentence: sentence).map { (name, $0) }
            }).first
        {
            found.append(CreativeViolation(.incomplete, "the \(part) \(Self.quoted(text(of: part, creative))) is unfinished: \(problem)"))
        }
        if rules.applies(.echo), let product {
            let names = [product.title, product.brand].compactMap { $0 } + product.attributes.map(\.value)
            let fields = [product.description].compactMap { $0 }
            if let (part, problem) = parts.lazy.compactMap({ name, text, _ in
                TextQualityCheck.echo(text, names: names, fields: fields, maxShare: rules.echoMaxShare).map { (name, $0) }
            }).first {
                found.append(CreativeViolation(.echo, "the \(part) \(Self.quoted(text(of: part, creative))) is an echo: \(problem)"))
            }
        }
        if rules.applies(.degenerate),
            let (part, problem) = parts.lazy.compactMap({ name, text, _ in
                TextQualityCheck.degenerate(text, maxWordRepeats: rules.maxWordRepeats, ngram: rules.repeatedNgram).map { (name, $0) }
            }).first
        {
            found.append(
                CreativeViolation(.degenerate, "the \(part) \(Self.quoted(text(of: part, creative))) is degenerate: \(problem)"))
        }
        return found
    }

    private func text(of part: String, _ creative: Creative) -> String {
        part == "headline" ? creative.headline : creative.description
    }

    /// Lower-cased, width-folded, accents kept, everything but letters and digits removed.
    public static func normalised(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .widthInsensitive], locale: nil)
        return String(
            String.UnicodeScalarView(folded.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }))
    }

    /// Same normalised headline, same normalised description, or same normalised whole.
    public static func isDuplicate(_ creative: Creative, of other: Creative) -> Bool {
        let (headline, otherHeadline) = (normalised(creative.headline), normalised(other.headline))
        let (description, otherDescription) = (normalised(creative.description), normalised(other.description))
        return (!headline.isEmpty && headline == otherHeadline)
            || (!description.isEmpty && description == otherDescription)
            || normalised(creative.text) == normalised(other.text)
    }

    /// Whether `term` occurs in `text` in any letter case as a whole word: not inside a longer run of letters
    /// or digits. A side of the term that is Chinese, Japanese or Korean needs no boundary, as those scripts
    /// do not separate words; nor does a side where the text goes on in one of those scripts ("Nordpeakの靴").
    public static func containsWord(_ term: String, in text: String) -> Bool {
        let needle = term.trimmingCharacters(in: .whitespaces)
        guard !needle.isEmpty, let first = needle.unicodeScalars.first, let last = needle.unicodeScalars.last else { return false }
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: needle, options: [.caseInsensitive, .widthInsensitive], range: searchRange) {
            let beforeOK =
                TextTokenizer.isCJK(first) || found.lowerBound == text.startIndex
                || !isLatinWordScalar(text[text.index(before: found.lowerBound)].unicodeScalars.last)
            let afterOK =
                TextTokenizer.isCJK(last) || found.upperBound == text.endIndex
                || !isLatinWordScalar(text[found.upperBound].unicodeScalars.first)
            if beforeOK && afterOK { return true }
            guard found.lowerBound < text.endIndex else { break }
            searchRange = text.index(after: found.lowerBound)..<text.endIndex
        }
        return false
    }

    /// A letter or digit that would continue a word of a spaced script; CJK characters do not.
    private static func isLatinWordScalar(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar, !TextTokenizer.isCJK(scalar) else { return false }
        return isWordScalar(scalar)
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// The first run of two punctuation marks that are the same mark, or both "!"/"?" ("?!").
    static func repeatedPunctuation(in text: String) -> String? {
        let characters = Array(text)
        let emphatic: Set<Character> = ["!", "?", "！", "？"]
        for index in characters.indices.dropLast() {
            let (left, right) = (characters[index], characters[index + 1])
            guard isPunctuation(left), isPunctuation(right) else { continue }
            if left == right || (emphatic.contains(left) && emphatic.contains(right)) {
                return String([left, right])
            }
        }
        return nil
    }

    private static func isPunctuation(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                .finalPunctuation, .otherPunctuation:
                return true
            default:
                return false
            }
        }
    }

    /// The first word in capitals that is not an acronym: more than `acronymMaxLetters` letters, or a known
    /// shouting word, and not one of the required terms or allowed acronyms.
    func capitalisedWord(in text: String) -> String? {
        let allowed = Set((constraints.allowedAcronyms + constraints.requiredTerms).flatMap { Self.casedWords(in: $0) })
        for word in Self.casedWords(in: text) {
            let letters = word.unicodeScalars.filter { $0.properties.isAlphabetic }
            guard letters.count >= 2, letters.allSatisfy({ !$0.properties.isLowercase }),
                letters.contains(where: { $0.properties.isUppercase })
            else { continue }
            guard !allowed.contains(word) else { continue }
            if letters.count > Self.acronymMaxLetters || Self.shoutingWords.contains(word) { return word }
        }
        return nil
    }

    /// Runs of letters of scripts with letter case (Latin, Greek, Cyrillic).
    static func casedWords(in text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic && (scalar.properties.isUppercase || scalar.properties.isLowercase) {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// Emoji and pictographs: characters shown as emoji by default, with the emoji variation selector, or
    /// emoji-capable symbols from the arrows block onwards outside CJK (keeps ©, ®, ™ and digits allowed).
    static func isEmoji(_ character: Character) -> Bool {
        character.unicodeScalars.contains { scalar in
            if scalar.properties.isEmojiPresentation || scalar.value == 0xFE0F { return true }
            return scalar.properties.isEmoji && scalar.value >= 0x2190 && !(0x3000...0x303F).contains(scalar.value)
        }
    }
}
