import Foundation
import Mustache

/// What a template can render: the documented context of every prompt (see Prompts/README.md).
public enum PromptContext {
    /// Every field a template may name, top level or inside a section.
    public static let fieldNames: Set<String> = [
        // top level
        "domain", "history", "history_count", "has_history", "earlier_history", "last_item",
        "candidates", "candidate_count", "profile", "has_profile", "example_answer", "dropped_history_count",
        "example_label",
        // pointwise and pairwise prompts
        "candidate", "first", "second",
        // each history item, candidate, or last_item
        "position", "label", "title", "attributes", "text", "id",
        // each attribute
        "name", "value",
        // reasons, later rounds: each rejected reason, what was wrong, what it may name
        "has_failures", "failures", "reason", "problem", "sources",
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
        let clean = sanitise(text)
        // Most titles hold neither quote nor backslash: copy them whole.
        if !clean.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            var result = "\""
            result.reserveCapacity(clean.utf8.count + 2)
            result += clean
            result += "\""
            return result
        }
        var result = "\""
        for scalar in clean.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
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
    public static func ranking(request: RerankRequest, shown: [Item], profile: String? = nil, letterLabels: Bool = false) -> RankingPromptContext {
        RankingPromptContext(request: request, shown: shown, profile: profile, letterLabels: letterLabels)
    }
}

/// Text a template prints, always on one line with no control characters: every piece of request text a
/// template can name reaches it through here, so none can open a message or start a candidate line.
struct PromptText: MustacheCustomRenderable {
    let renderText: String
    var isNull: Bool { false }
    init(_ text: String) { renderText = PromptContext.sanitise(text) }
}

/// An item as templates see it; each field is computed only when a template names it.
struct PromptItem: MustacheParent {
    let item: Item
    let position: Int
    /// Letter labels ("A.") for calls read from the first token's logits, where "10" would be two tokens.
    var letterLabel = false

    func child(named name: String) -> Any? {
        switch name {
        case "position": return PromptText(String(position))
        case "label":
            if letterLabel, position >= 1, position <= FirstTokenLabels.letters.count {
                return PromptText(FirstTokenLabels.letters[position - 1] + ".")
            }
            return PromptText("[\(position)]")
        case "id": return PromptText(item.id)
        case "title": return PromptText(PromptContext.quote(item.title))
        case "text": return PromptText(PromptContext.text(of: item))
        case "attributes": return item.attributes.map(PromptAttribute.init)
        default: return nil
        }
    }
}

struct PromptAttribute: MustacheParent {
    let attribute: Item.Attribute

    func child(named name: String) -> Any? {
        switch name {
        case "name": return PromptText(attribute.name)
        case "value": return PromptText(attribute.value)
        default: return nil
        }
    }
}

/// What ranking templates render from (the fields of `PromptContext.fieldNames`), built lazily so a
/// template pays only for the fields it names; `extra` adds or overrides fields for one prompt.
public struct RankingPromptContext: MustacheParent {
    let request: RerankRequest
    let shown: [Item]
    let profile: String?
    /// Candidates carry letter labels and the example answer uses letters (first-token scoring, setwise).
    let letterLabels: Bool
    private var extra: [String: Any] = [:]

    init(request: RerankRequest, shown: [Item], profile: String?, letterLabels: Bool = false) {
        self.request = request
        self.shown = shown
        self.profile = profile
        self.letterLabels = letterLabels
    }

    public subscript(name: String) -> Any? {
        get { child(named: name) }
        set { extra[name] = newValue }
    }

    public func child(named name: String) -> Any? {
        if let value = extra[name] { return value }
        let history = request.user.history
        switch name {
        case "domain": return PromptText(request.options.domain)
        case "history": return history.enumerated().map { PromptItem(item: $1, position: $0 + 1) }
        case "earlier_history": return history.dropLast().enumerated().map { PromptItem(item: $1, position: $0 + 1) }
        case "history_count": return history.count
        case "has_history": return !history.isEmpty
        case "last_item":
            guard let last = history.last else { return nil }
            return PromptItem(item: last, position: history.count)
        case "candidates": return shown.enumerated().map { PromptItem(item: $1, position: $0 + 1, letterLabel: letterLabels) }
        case "candidate_count": return shown.count
        case "example_answer":
            if letterLabels {
                // Letters that are never labels (there are at most 20, A to T): a shown label in the example
                // draws the first token towards it, which is all a first-token reading sees.
                return "X > Y > Z"
            }
            return (1...max(1, min(3, shown.count))).map { "[\($0)]" }.joined(separator: " > ")
        case "example_label": return shown.count >= 2 ? "B" : "A"
        case "dropped_history_count": return request.droppedHistoryItems
        case "has_profile": return profile != nil
        case "profile": return PromptText(profile ?? "")
        default: return nil
        }
    }
}
