extension ReasonValidator {
    /// One text rule a reason breaks, with what is wrong, as the regeneration prompt and the omission name it.
    public struct TextViolation: Sendable, Hashable {
        public var rule: TextRule
        public var detail: String

        /// "rule: detail", as `reasons_omitted[].problem` and the regeneration prompt give it.
        public var problem: String { "\(rule.rawValue): \(detail)" }
    }

    /// Every text rule `text` breaks as the reason for `item` shown to a user with `history`, in rule order:
    /// incomplete, echo (only the item's title or attributes, or a history title), not a sentence, degenerate,
    /// when `requireGrounding`, ungrounded (names neither a history item nor an attribute), then the facts
    /// (`ReasonFacts`): wrong attribute (a genre the item lacks) and self reference (the item itself, or another
    /// of `recommended` outside the history, named as if liked).
    public static func textViolations(
        of text: String, item: Item, history: [Item], recommended: [Item] = [], rules: TextRules, requireGrounding: Bool
    ) -> [TextViolation] {
        var found: [TextViolation] = []
        if rules.applies(.incomplete), let detail = TextQualityCheck.incomplete(text, sentence: rules.requireFinalPunctuation) {
            found.append(TextViolation(rule: .incomplete, detail: detail))
        }
        if rules.applies(.echo) {
            let names = [item.title, ReasonScores.coreTitle(item.title)] + item.attributes.map(\.value)
            let fields = history.flatMap { [$0.title, ReasonScores.coreTitle($0.title)] }
            if let detail = TextQualityCheck.echo(text, names: names, fields: fields, maxShare: rules.echoMaxShare) {
                found.append(TextViolation(rule: .echo, detail: detail))
            }
        }
        if rules.applies(.notASentence), let detail = TextQualityCheck.notASentence(text, minWords: rules.minWords) {
            found.append(TextViolation(rule: .notASentence, detail: detail))
        }
        if rules.applies(.degenerate),
            let detail = TextQualityCheck.degenerate(text, maxWordRepeats: rules.maxWordRepeats, ngram: rules.repeatedNgram)
        {
            found.append(TextViolation(rule: .degenerate, detail: detail))
        }
        if requireGrounding, rules.applies(.ungrounded), !ReasonScores.score(text, item: item, history: history).grounded {
            found.append(
                TextViolation(rule: .ungrounded, detail: "it names neither a history item nor an attribute; name one of those listed"))
        }
        let facts = ReasonFacts(item: item, history: history, recommended: recommended)
        if rules.applies(.wrongAttribute), let detail = facts.wrongAttribute(in: text) {
            found.append(TextViolation(rule: .wrongAttribute, detail: detail))
        }
        if rules.applies(.selfReference), let detail = facts.selfReference(in: text) {
            found.append(TextViolation(rule: .selfReference, detail: detail))
        }
        return found
    }

    /// What a reason may be grounded in, as the regeneration prompt lists it: the history titles as people
    /// say them, then the item's own attribute values, each once.
    public static func groundingSources(item: Item, history: [Item]) -> [String] {
        var seen = Set<String>()
        let titles = history.map { ReasonScores.coreTitle($0.title) }
        let attributes = item.attributes.flatMap { attribute in
            attribute.value.split(whereSeparator: { $0 == "|" || $0 == "," }).map {
                "\(attribute.name): \($0.trimmingCharacters(in: .whitespaces))"
            }
        }
        return (titles + attributes).filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
