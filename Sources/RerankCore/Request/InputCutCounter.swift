/// Counts cuts while one request is decoded.
final class InputCutCounter {
    var cuts = InputCuts()

    /// `RequestDecoder.cap`, counting in `field` when the text was cut.
    func cap(_ text: String, _ limit: Int, counting field: WritableKeyPath<InputCuts, Int>) -> String {
        let capped = RequestDecoder.cap(text, limit)
        // Only a text longer than the limit can be cut; flattening line breaks alone is not a cut.
        if text.utf8.count > limit, capped.hasSuffix("…"), capped.count < text.count { cuts[keyPath: field] += 1 }
        return capped
    }
}
