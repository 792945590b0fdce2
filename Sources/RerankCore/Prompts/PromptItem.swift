import Mustache

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
