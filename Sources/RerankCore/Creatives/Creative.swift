/// One ad creative: a headline and a description, as ad platforms take them.
public struct Creative: Sendable, Hashable {
    public var headline: String
    public var description: String

    public init(headline: String, description: String) {
        self.headline = headline
        self.description = description
    }

    /// Both fields as one text, for relevance and diversity.
    public var text: String { headline + " " + description }
}
