/// The text rules as pure functions: each returns what is wrong (for the regeneration prompt and the
/// report) or nil. They read Chinese and Japanese by characters and every other script by words
/// (`TextUnits`), so they hold for text without spaces.
public enum TextQualityCheck {
    /// Why `text` reads as unfinished, or nil.
    ///
    /// Unfinished: the last mark is a comma, colon, dash, slash, ampersand, opening bracket or ellipsis; the
    /// last word is an article, conjunction, preposition or possessive (`TextRuleWords.dangling`), in Korean
    /// a word ending in 의 or 를; the last Chinese or Japanese character is a particle or conjunction
    /// (`TextRuleWords.danglingUnspaced`); quotes or brackets do not balance; or, when `sentence`, it does not
    /// end with ".", "!", "?" or their full-width forms (a closing quote or bracket may follow).
    public static func incomplete(_ text: String, sentence: Bool) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let last = trimmed.last else { return nil }
        if TextRuleWords.danglingMarks.contains(last) {
            return "it ends with a dangling \"\(last)\"; finish the phrase"
        }
        if let unbalanced = unbalancedPair(in: trimmed) {
            return "its \(unbalanced) do not balance; close every quote and bracket"
        }
        let body = String(
            trimmed.reversed().drop { TextRuleWords.sentenceEnds.contains($0) || TextRuleWords.closers.contains($0) }.reversed())
        if let lastPiece = TextUnits.pieces(body).last,
            body.last.map({ !TextRuleWords.danglingMarks.contains($0) && !$0.isWhitespace }) ?? false
        {
            if lastPiece.unspaced {
                if let character = lastPiece.text.last, TextRuleWords.danglingUnspaced.contains(character),
                    body.hasSuffix(String(character))
                {
                    return "it ends with the particle \"\(character)\", inside a phrase; finish the phrase"
                }
            } else if body.lowercased().hasSuffix(lastPiece.text) {
                if TextRuleWords.dangling.contains(lastPiece.text)
                    || (body == trimmed && TextRuleWords.danglingUnpunctuated.contains(lastPiece.text))
                {
                    return "it ends with the dangling word \"\(lastPiece.text)\"; finish the phrase"
                }
                if let ending = lastPiece.text.last, TextRuleWords.danglingHangulEndings.contains(ending),
                    lastPiece.text.unicodeScalars.contains(where: { (0xAC00...0xD7A3).contains($0.value) })
                {
                    return "it ends with the particle \"\(ending)\", inside a phrase; finish the phrase"
                }
            }
        }
        if sentence {
            let withoutClosers = trimmed.reversed().drop { TextRuleWords.closers.contains($0) }
            guard let end = withoutClosers.first, TextRuleWords.sentenceEnds.contains(end) else {
                return "it does not end a sentence; end it with \".\", \"!\" or \"?\" (\"。\" in Chinese and Japanese)"
            }
        }
        return nil
    }

    /// The first kind of quote or bracket that is opened and not closed (or closed and never opened).
    static func unbalancedPair(in text: String) -> String? {
        if text.filter({ $0 == "\"" }).count % 2 == 1 { return "double quotes" }
        for (open, close) in TextRuleWords.pairs {
            var depth = 0
            for character in text {
                if character == open {
                    depth += 1
                } else if character == close {
                    depth -= 1
                    if depth < 0 { return "\"\(open)\" and \"\(close)\"" }
                }
            }
            if depth != 0 { return "\"\(open)\" and \"\(close)\"" }
        }
        return nil
    }

    /// Why `text` only repeats the input, or nil.
    ///
    /// An echo: its content words (Chinese and Japanese: each Han or katakana character) are at least
    /// `maxShare` words of `names` (the item's title, brand, attribute values), or it is, once normalised,
    /// the same as one of `fields` (a description, a history title).
    public static func echo(_ text: String, names: [String], fields: [String] = [], maxShare: Double) -> String? {
        let normalised = CreativeChecker.normalised(text)
        guard !normalised.isEmpty else { return nil }
        for field in names + fields where CreativeChecker.normalised(field) == normalised {
            return "it only repeats the input \(PromptContext.quote(field)); say what it offers the reader instead"
        }
        let content = TextUnits.words(text).filter(TextUnits.isContent)
        guard !content.isEmpty else { return nil }
        let known = Set(names.flatMap(TextUnits.words))
        let covered = content.filter(known.contains).count
        let share = Double(covered) / Double(content.count)
        if share >= maxShare {
            return "\(Int((share * 100).rounded())) % of its words only repeat the product's name and attributes; say something they do not"
        }
        return nil
    }

    /// Why `text` repeats itself, or nil: a content word more than `maxWordRepeats` times, a run of `ngram`
    /// units twice, or a content word twice in a row. In Chinese and Japanese the units are character pairs,
    /// and pairs of hiragana only (grammar) are not counted.
    public static func degenerate(_ text: String, maxWordRepeats: Int, ngram: Int) -> String? {
        let units = TextUnits.repetitionUnits(text)
        var counts: [String: Int] = [:]
        for unit in units where TextUnits.isContent(unit) { counts[unit, default: 0] += 1 }
        if let (word, count) = counts.filter({ $0.value > maxWordRepeats }).max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) {
            return "it repeats \"\(word)\" \(count) times, at most \(maxWordRepeats) allowed; use other words"
        }
        for (left, right) in zip(units, units.dropFirst()) where left == right && TextUnits.isContent(left) {
            guard let first = left.unicodeScalars.first, !TextUnits.isUnspaced(first) else { continue }
            return "it says \"\(left) \(right)\"; do not double words"
        }
        if ngram > 0, units.count >= ngram * 2 {
            var seen = Set<String>()
            for start in 0...(units.count - ngram) {
                let window = units[start..<(start + ngram)]
                guard window.contains(where: TextUnits.isContent) else { continue }
                let key = window.joined(separator: " ")
                if !seen.insert(key).inserted {
                    return "it repeats the phrase \"\(key)\"; say it once"
                }
            }
        }
        return nil
    }

    /// Why `text` is too short to be a sentence, or nil: fewer than `minWords` words, two Chinese or Japanese
    /// characters counting as one word.
    public static func notASentence(_ text: String, minWords: Int) -> String? {
        let words = TextUnits.wordCount(text)
        guard words < minWords else { return nil }
        return "it has \(words) word\(words == 1 ? "" : "s"), at least \(minWords) needed; write a full sentence"
    }
}
