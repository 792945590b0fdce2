/// Relevance scores of a list and the similarity of its elements, with what computing them cost.
public struct RelevanceResult: Sendable, Hashable {
    public var scores: [Double]
    public var similarity: [[Double]]
    public var usage: TokenUsage

    public init(scores: [Double], similarity: [[Double]], usage: TokenUsage = TokenUsage()) {
        self.scores = scores
        self.similarity = similarity
        self.usage = usage
    }
}
