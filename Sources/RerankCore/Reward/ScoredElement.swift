/// One element of a list to judge: a ranked item or a creative, reduced to what the measures read.
public struct ScoredElement: Sendable, Hashable {
    public var id: String
    /// The text relevance, ILD, distinct-n and self-BLEU are computed on.
    public var text: String
    /// Attributes for coverage (an item's genre, brand, category).
    public var attributes: [Item.Attribute]
    /// Hard-constraint rules the element breaks (creatives only); nil when no constraints apply.
    public var violations: [String]?

    public init(id: String, text: String, attributes: [Item.Attribute] = [], violations: [String]? = nil) {
        self.id = id
        self.text = text
        self.attributes = attributes
        self.violations = violations
    }

    /// An item as the scorer reads it: its title and attribute values.
    public init(item: Item) {
        self.init(id: item.id, text: ([item.title] + item.attributes.map(\.value)).joined(separator: " "), attributes: item.attributes)
    }
}
