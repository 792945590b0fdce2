import Mustache

/// An item attribute as templates see it: its name and value, each sanitised.
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
