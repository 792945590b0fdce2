/// The model's own ranking of a request, before fusion and diversity: what an answer's order is made from.
///
/// Kept on the answer (never written to its line) so that eval can blend the same model ranking with the upstream
/// at every fusion weight and blend without asking the model again (`RerankService.finalOrder`).
public struct ModelRanking: Sendable, Hashable {
    /// Candidate indices, best first; every candidate exactly once.
    public var order: [Int]
    /// The strategy's score per candidate index, higher is better; nil when it produced only an order.
    public var scores: [Double]?

    public init(order: [Int], scores: [Double]?) {
        self.order = order
        self.scores = scores
    }
}
