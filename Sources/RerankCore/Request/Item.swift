import LLMClient

/// Something a user interacted with or may interact with next: a movie, a product, an ad.
public struct Item: Sendable, Hashable {
    public var id: String
    public var title: String
    /// Attribute name and value pairs, in the order the caller gave them.
    public var attributes: [Attribute]
    /// The upstream ranker's score; higher is better.
    public var score: Double?
    /// Free text from the catalogue (a description, a review snippet), shown after the attributes when present.
    public var text: String?

    public struct Attribute: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(id: String, title: String, attributes: [Attribute] = [], score: Double? = nil) {
        self.id = id
        self.title = title
        self.attributes = attributes
        self.score = score
    }
}
