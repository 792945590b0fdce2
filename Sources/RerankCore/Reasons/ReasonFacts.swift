/// What a reason may claim about its item, read from the request's own data: the item's attribute values
/// (its genres), the titles of the user's history, and the titles of the items recommended beside it.
///
/// The text rules ask a reason to be finished and grounded; these ask it to be true. A small model filling in
/// a sentence names a genre the item lacks ("this Crime pick" for a comedy) or says the user liked the very
/// item it is recommending; both read as grounded, so only the data can refuse them.
struct ReasonFacts {
    let item: Item
    let history: [Item]
    /// Every item of the request, the reason's own included; only those outside the history are checked.
    let recommended: [Item]

    /// The attribute values of `item`, split where a value lists several ("Animation|Comedy", "Drama, War"),
    /// without numbers (years, sizes: a number in a reason is too often something else) or values of under 3
    /// characters.
    static func values(of item: Item, named name: String? = nil) -> [String] {
        item.attributes.filter { name == nil || $0.name.lowercased() == name }.flatMap { attribute in
            attribute.value.split(whereSeparator: { $0 == "|" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) }
        }.filter { $0.count >= 3 && Double($0) == nil }
    }

    /// The ways a reason may name `value`: as it is and, for a value of one word of Latin letters, its English
    /// plural ("Drama": "Dramas"; "Comedy": "Comedies"), since "fans of historical dramas" names the genre as
    /// surely as "a Drama" does, for grounding and for a genre the item lacks alike.
    static func forms(of value: String) -> [String] {
        guard !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "'" || $0 == "-") }), !value.hasSuffix("'s")
        else { return [value] }
        let lower = value.lowercased()
        let plural: String
        if lower.hasSuffix("y"), let before = lower.dropLast().last, !"aeiou".contains(before) {
            plural = value.dropLast() + "ies"
        } else if ["s", "x", "ch", "sh"].contains(where: { lower.hasSuffix($0) }) {
            plural = value + "es"
        } else {
            plural = value + "s"
        }
        return [value, plural]
    }

    /// Whether `text` names `value` in one of its `forms`, as a whole word in any letter case.
    static func names(_ value: String, in text: String) -> Bool {
        forms(of: value).contains { CreativeChecker.containsWord($0, in: text) }
    }

    /// Attribute names whose values are genres, for `commonGenres`.
    static let genreNames: Set<String> = ["genre", "genres"]

    /// Genres a reason may name although no item of the request has them, when the item has a genre attribute:
    /// "a thrilling adventure" for a drama claims a genre as surely as "this Adventure pick" does, though no item
    /// in the list was one. Common words that are also genres ("family", "history", "music", "sport") are left
    /// out, and so is "science fiction", which a catalogue may list as "Sci-Fi".
    static let commonGenres = [
        "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir",
        "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ]

    /// The first attribute value the reason names that the item does not have, as the detail the next prompt
    /// and the report give; nil when every value it names is the item's. A value counts when the request
    /// shows it under one of the item's attribute names (a genre of a history or recommended item): those are
    /// the words that claim something about the item. Titles the reason names are read past first, so "Star
    /// Wars" is not the genre "War".
    func wrongAttribute(in text: String) -> String? {
        var rest = text
        for title in (history + recommended).map({ ReasonScores.coreTitle($0.title) }) where title.count >= 3 {
            rest = rest.replacingOccurrences(of: title, with: " ", options: .caseInsensitive)
        }
        for name in Set(item.attributes.map { $0.name.lowercased() }).sorted() {
            let own = Self.values(of: item, named: name)
            let ownFolded = Set(own.map { $0.lowercased() })
            let seen =
                (history + recommended).flatMap { Self.values(of: $0, named: name) }
                + (Self.genreNames.contains(name) ? Self.commonGenres : [])
            guard
                let wrong = seen.first(where: {
                    !ownFolded.contains($0.lowercased()) && Self.names($0, in: rest)
                })
            else { continue }
            return "it calls the item \"\(wrong)\", which is not one of its \(name) values (\(own.joined(separator: ", "))); "
                + "name only those"
        }
        return nil
    }

    /// Why the reason names a title it should not, or nil: the item's own title presented as one the user had
    /// ("because you liked Foxfire" for Foxfire itself: after "liked", "enjoyed", "fans of", "like" or another of
    /// `TextRuleWords.historyCues` a few words before it), or, anywhere, another recommended item the user has
    /// not had (a reason for one item that speaks of its neighbour, "Muriel's Wedding offers…" for Chairman of
    /// the Board). The item named as its own subject ("Foxfire is a quiet drama") is fine. Titles are matched in
    /// their own letter case, since a reason about "Heat" may well speak of heat; a title that is also in the
    /// history is fine.
    func selfReference(in text: String) -> String? {
        let historyTitles = Set(history.map { ReasonScores.coreTitle($0.title).lowercased() })
        let ownTitle = ReasonScores.coreTitle(item.title)
        if ownTitle.count >= 3, !historyTitles.contains(ownTitle.lowercased()), Self.named(ownTitle, in: text, afterCue: true) {
            return "it presents the item itself, \"\(ownTitle)\", as one the user had; name a title from the history instead"
        }
        let ownFolded = ownTitle.lowercased()
        for other in recommended where other.id != item.id {
            let title = ReasonScores.coreTitle(other.title)
            let folded = title.lowercased()
            guard title.count >= 3, !historyTitles.contains(folded), !ownFolded.contains(folded) else { continue }
            if Self.named(title, in: text, afterCue: false) {
                return "it names \"\(title)\", another recommended item the user has not had; say why this item suits them"
            }
        }
        return nil
    }

    /// Whether `title` occurs in `text`, in its own letter case and as whole words, and when `afterCue`, with a
    /// history cue among the few words before it.
    static func named(_ title: String, in text: String, afterCue: Bool) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: title, range: searchRange) {
            let before = text[..<found.lowerBound]
            let after = text[found.upperBound...]
            let wholeWord =
                !(before.last.map { $0.isLetter || $0.isNumber } ?? false) && !(after.first.map { $0.isLetter || $0.isNumber } ?? false)
            if wholeWord && !afterCue { return true }
            if wholeWord {
                let words = before.split { !$0.isLetter }.suffix(TextRuleWords.historyCueReach).map { $0.lowercased() }
                if words.contains(where: TextRuleWords.historyCues.contains) { return true }
            }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }
}
