/// One ad to write creatives for: the product, who will see it, and the rules for this ad.
public struct AdRequest: Sendable, Hashable {
    /// What is advertised.
    public struct Product: Sendable, Hashable {
        public var title: String
        public var description: String?
        public var brand: String?
        public var attributes: [Item.Attribute]

        public init(title: String, description: String? = nil, brand: String? = nil, attributes: [Item.Attribute] = []) {
            self.title = title
            self.description = description
            self.brand = brand
            self.attributes = attributes
        }

        /// Everything known about the product as one text, for relevance.
        public var text: String {
            ([title, brand, description].compactMap { $0 } + attributes.map(\.value)).joined(separator: " ")
        }
    }

    /// The user segment or history the ad targets; every part optional.
    public struct Audience: Sendable, Hashable {
        public var segment: String?
        public var interests: [String]
        public var history: [Item]

        public init(segment: String? = nil, interests: [String] = [], history: [Item] = []) {
            self.segment = segment
            self.interests = interests
            self.history = history
        }

        public var isEmpty: Bool { segment == nil && interests.isEmpty && history.isEmpty }

        /// The audience as one text, for relevance.
        public var text: String {
            ([segment].compactMap { $0 } + interests + history.map(\.title)).joined(separator: " ")
        }
    }

    public var id: String
    public var product: Product
    public var audience: Audience
    public var constraints: CreativeConstraints

    public init(id: String, product: Product, audience: Audience = Audience(), constraints: CreativeConstraints = CreativeConstraints()) {
        self.id = id
        self.product = product
        self.audience = audience
        self.constraints = constraints
    }
}
