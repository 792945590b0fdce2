import Foundation

/// The reward scores of one reason: is it about the item, about the user, and does it point at something real.
public struct ReasonScores: Sendable, Hashable {
    /// TF-IDF cosine between the reason and the item's title and attributes.
    public var itemRelevance: Double
    /// TF-IDF cosine between the reason and the user's history (0 without history).
    public var historyRelevance: Double
    /// The reason names one of the user's history items by title.
    public var namesHistoryItem: Bool
    /// The reason names an attribute value of the item or of a history item.
    public var namesAttribute: Bool
    /// The judge's grade 0–3 with `--judge`; nil without.
    public var judgeGrade: Int? = nil

    public init(itemRelevance: Double, historyRelevance: Double, namesHistoryItem: Bool, namesAttribute: Bool) {
        self.itemRelevance = itemRelevance
        self.historyRelevance = historyRelevance
        self.namesHistoryItem = namesHistoryItem
        self.namesAttribute = namesAttribute
    }

    /// Grounded: it names a history item or an attribute.
    public var grounded: Bool { namesHistoryItem || namesAttribute }

    /// Scores `text` as the reason for `item` shown to a user with `history`.
    public static func score(_ text: String, item: Item, history: [Item]) -> ReasonScores {
        let lexical = LexicalRelevance()
        let itemText = ScoredElement(item: item).text
        let historyText = history.map { ScoredElement(item: $0).text }.joined(separator: " ")
        let names = history.contains { entry in
            let title = coreTitle(entry.title)
            return title.count >= 3 && CreativeChecker.containsWord(title, in: text)
        }
        let attributeValues = (item.attributes + history.flatMap(\.attributes)).flatMap { attribute in
            attribute.value.split(whereSeparator: { $0 == "|" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return ReasonScores(
            itemRelevance: lexical.scores(of: [text], to: itemText).first ?? 0,
            historyRelevance: history.isEmpty ? 0 : lexical.scores(of: [text], to: historyText).first ?? 0,
            namesHistoryItem: names,
            namesAttribute: attributeValues.contains { $0.count >= 3 && ReasonFacts.names($0, in: text) })
    }

    /// A title as people say it: without a trailing "(1995)" and without a MovieLens-style ", The".
    static func coreTitle(_ title: String) -> String {
        var core = title.trimmingCharacters(in: .whitespaces)
        if core.hasSuffix(")"), let open = core.lastIndex(of: "(") {
            core = String(core[..<open]).trimmingCharacters(in: .whitespaces)
        }
        for article in [", The", ", A", ", An"] where core.hasSuffix(article) {
            core = String(core.dropLast(article.count))
        }
        return core
    }
}
