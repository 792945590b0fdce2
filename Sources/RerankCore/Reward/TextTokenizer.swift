/// Splits text into the word tokens every lexical measure (relevance, ILD, distinct-n, self-BLEU) counts,
/// so that all of them agree on what a "word" is, in scripts with spaces and without.
///
/// Lower-cased runs of letters and digits are words; each Chinese, Japanese or Korean character is a word of
/// its own, since those scripts do not separate words with spaces. Everything else separates words.
public enum TextTokenizer {
    /// The tokens of `text`, in order.
    public static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty {
                tokens.append(String(current).lowercased())
                current = String.UnicodeScalarView()
            }
        }
        for scalar in text.unicodeScalars {
            if isCJK(scalar) {
                flush()
                tokens.append(String(scalar))
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil || isJoiningMark(scalar) {
                current.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }

    /// The n-grams of a token list, joined by a space; empty when there are fewer than `n` tokens.
    public static func ngrams(_ tokens: [String], n: Int) -> [String] {
        guard n > 0, tokens.count >= n else { return [] }
        return (0...(tokens.count - n)).map { tokens[$0..<($0 + n)].joined(separator: " ") }
    }

    /// Han, kana and Hangul characters: each is a token of its own.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF,
            0xAC00...0xD7A3, 0x1100...0x11FF, 0xFF66...0xFF9F, 0x20000...0x2FFFF:
            // The prolonged sound mark (ー) belongs to the kana block but reads as part of the word before it.
            return scalar.value != 0x30FC
        default:
            return false
        }
    }

    /// Combining marks (accents written as separate scalars) stay inside their word.
    private static func isJoiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
