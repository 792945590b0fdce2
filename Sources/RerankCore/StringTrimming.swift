extension StringProtocol {
    /// Without leading and trailing white space and newlines; Foundation's trimming bridges through NSString,
    /// which dominated prompt rendering.
    func trimmingWhitespace() -> SubSequence {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
