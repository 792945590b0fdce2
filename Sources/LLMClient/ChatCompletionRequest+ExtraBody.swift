import JSONLines

extension ChatCompletionRequest {
    /// The request with the endpoint's configured extra fields added under its own: a field already in the
    /// request's `extraBody` is kept, and the typed fields (model, messages, sampling, logprobs) are written
    /// over any pass-through field of the same name when the body is encoded.
    public func merging(endpointExtraBody: [String: JSONValue]) -> ChatCompletionRequest {
        guard !endpointExtraBody.isEmpty else { return self }
        var copy = self
        copy.extraBody = endpointExtraBody.merging(extraBody) { _, own in own }
        return copy
    }
}
