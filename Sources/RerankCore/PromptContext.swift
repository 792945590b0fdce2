import Foundation

/// What a template can render: the documented context of every prompt (see Prompts/README.md).
public enum PromptContext {
    /// Every field a template may name, top level or inside a section.
    public static let fieldNames: Set<String> = [
        // top level
        "domain", "history", "history_count", "has_history", "earlier_history", "last_item",
        "candidates", "candidate_count", "profile", "has_profile", "example_answer", "dropped_history_count",
        // pointwise and pairwise prompts
        "candidate", "first", "second",
        // each history item, candidate, or last_item
        "position", "label", "title", "attributes", "text", "id",
        // each attribute
        "name", "value",
    ]

    /// An item as prompts show it: its title as a quoted string, so the title's own text cannot end the
    /// list or read as an instruction, then its attributes.
    public static func text(of item: Item) -> String {
        let quoted = quote(item.title)
        guard !item.attributes.isEmpty else { return quoted }
        let attributes = item.attributes.map { "\($0.name): \(sanitise($0.value))" }.joined(separator: "; ")
        return "\(quoted) (\(attributes))"
    }

    /// A JSON-style string literal on one line.
    public static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in sanitise(text).unicodeScalars {
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
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" ? " " : scalar
        }))
        return cleaned
    }

    static func itemContext(_ item: Item, position: Int) -> [String: Any] {
        [
            "position": position,
            "label": "[\(position)]",
            "id": item.id,
            "title": quote(item.title),
            "attributes": item.attributes.map { ["name": $0.name, "value": sanitise($0.value)] },
            "text": text(of: item),
        ]
    }

    /// The context for ranking `shown` (the candidates in the order this call presents them).
    public static func ranking(request: RerankRequest, shown: [Item], profile: String? = nil) -> [String: Any] {
        let history = request.user.history
        let historyContexts = history.enumerated().map { itemContext($1, position: $0 + 1) }
        var context: [String: Any] = [
            "domain": request.options.domain,
            "history": historyContexts,
            "history_count": history.count,
            "has_history": !history.isEmpty,
            "earlier_history": Array(historyContexts.dropLast()),
            "candidates": shown.enumerated().map { itemContext($1, position: $0 + 1) },
            "candidate_count": shown.count,
            "example_answer": (1...max(1, min(3, shown.count))).map { "[\($0)]" }.joined(separator: " > "),
            "dropped_history_count": request.droppedHistoryItems,
            "has_profile": profile != nil,
            "profile": profile.map(sanitise) ?? "",
        ]
        if let last = history.last {
            context["last_item"] = itemContext(last, position: history.count)
        }
        return context
    }
}
