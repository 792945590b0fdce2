import Foundation
import JSONLines
import Mustache

/// What a template can render: the documented context of every prompt (see Prompts/README.md).
public enum PromptContext {
    /// Every field a template may name, top level or inside a section.
    public static let fieldNames: Set<String> = [
        // top level
        "domain", "history", "history_count", "has_history", "earlier_history", "last_item",
        "candidates", "candidate_count", "profile", "has_profile", "example_answer", "several", "sentences", "dropped_history_count",
        "example_label",
        // pointwise and pairwise prompts
        "candidate", "first", "second",
        // each history item, candidate, or last_item
        "position", "label", "title", "attributes", "text", "id",
        // each attribute
        "name", "value",
        // reasons: the history's titles, each candidate's shared genres; later rounds: each rejected reason,
        // what was wrong, what it may name
        "history_titles", "connections", "has_failures", "failures", "reason", "problem", "sources",
    ]

    /// An item as prompts show it: its title as a quoted string, so the title's own text cannot end the
    /// list or read as an instruction, then its attributes.
    public static func text(of item: Item) -> String {
        guard let description = item.text else { return titleAndAttributes(of: item) }
        return titleAndAttributes(of: item) + " — " + quote(description)
    }

    static func titleAndAttributes(of item: Item) -> String {
        guard !item.attributes.isEmpty else { return quote(item.title) }
        var text = quote(item.title)
        text.reserveCapacity(text.utf8.count + item.attributes.reduce(3) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 })
        text += " ("
        for (index, attribute) in item.attributes.enumerated() {
            if index > 0 { text += "; " }
            text += sanitise(attribute.name)
            text += ": "
            text += sanitise(attribute.value)
        }
        text += ")"
        return text
    }

    /// A JSON-style string literal on one line.
    public static func quote(_ text: String) -> String {
        // Sanitised text holds no control character, DEL or line separator, so the answer-line escaping
        // touches only quotes and backslashes.
        let clean = sanitise(text)
        var writer = JSONWriter(style: .compact, capacity: clean.utf8.count + 2)
        writer.write(clean)
        return writer.text
    }

    /// One line, no control characters, no role markers that could open a new message.
    static func sanitise(_ text: String) -> String {
        // Almost every title is clean printable text: return it without copying.
        guard text.mayHoldControlCharacters, text.unicodeScalars.contains(where: needsReplacing) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { needsReplacing($0) ? " " : $0 }))
    }

    private static func needsReplacing(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value < 0x20 || scalar.value == 0x7F }
        return scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// The context for ranking `shown` (the candidates in the order this call presents them).
    public static func ranking(request: RerankRequest, shown: [Item], profile: String? = nil, letterLabels: Bool = false)
        -> RankingPromptContext
    {
        RankingPromptContext(request: request, shown: shown, profile: profile, letterLabels: letterLabels)
    }
}
