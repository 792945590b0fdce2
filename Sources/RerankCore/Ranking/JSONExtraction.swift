/// Finds the JSON inside a model's answer when it wraps it in prose or a code fence.
enum JSONExtraction {
    /// The first balanced `{...}` (string-aware), if any.
    static func firstObject(in text: String) -> String? { firstBalanced(in: text, open: "{", close: "}") }

    /// The first balanced `[...]` (string-aware), if any.
    static func firstArray(in text: String) -> String? { firstBalanced(in: text, open: "[", close: "]") }

    private static func firstBalanced(in text: String, open: Character, close: Character) -> String? {
        guard let start = text.firstIndex(of: open) else { return nil }
        var depth = 0
        var inString = false
        var escaped = false
        var index = start
        while index < text.endIndex {
            let character = text[index]
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == open {
                depth += 1
            } else if character == close {
                depth -= 1
                if depth == 0 { return String(text[start...index]) }
            }
            index = text.index(after: index)
        }
        return nil
    }
}
