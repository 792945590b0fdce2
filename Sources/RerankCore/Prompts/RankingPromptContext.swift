import Mustache

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
        case "example_label":
            // As for `example_answer`: a letter that is never a label, so the example cannot draw the first token
            // towards one of the shown labels.
            return letterLabels ? "X" : (shown.count >= 2 ? "B" : "A")
        case "dropped_history_count": return request.droppedHistoryItems
        case "has_profile": return profile != nil
        case "profile": return PromptText(profile ?? "")
        default: return nil
        }
    }
}
