extension RerankRequest {
    /// The same user and options over a subset of candidates, presented in the given order with no scores,
    /// so the subset's upstream order is exactly that order.
    func restricted(to candidateIndices: [Int]) -> RerankRequest {
        var copy = self
        copy.candidates = candidateIndices.map { index in
            var item = candidates[index]
            item.score = nil
            return item
        }
        return copy
    }
}
