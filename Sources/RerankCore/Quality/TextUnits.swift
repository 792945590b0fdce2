/// How the text rules read a text, in scripts that separate words with spaces and in those that do not.
///
/// Latin, Cyrillic, Greek and Hangul are read in words: runs of letters and digits, an apostrophe between
/// letters kept inside ("don't"); Korean separates its words with spaces, so it is read like Latin. Han and
/// kana (Chinese, Japanese) write words without spaces, so a run of them is read character by character, and
/// repetition is counted on overlapping character pairs, the shortest unit that is usually a word there.
enum TextUnits {
    /// One stretch of text: a lower-cased word of a spaced script, or a run of Han or kana characters.
    struct Piece: Hashable {
        var text: String
        var unspaced: Bool
    }

    /// Han and kana (with the prolonged sound mark and half-width katakana): scripts written without spaces.
    static func isUnspaced(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF66...0xFF9F,
            0x20000...0x2FFFF:
            return true
        default:
            return false
        }
    }

    /// Hiragana: in Japanese mostly grammar (particles, endings), so not counted as content.
    static func isHiragana(_ scalar: Unicode.Scalar) -> Bool {
        (0x3040...0x309F).contains(scalar.value)
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isAlphabetic || scalar.properties.numericType != nil { return true }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// The words and unspaced runs of `text`, in order.
    static func pieces(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var current = String.UnicodeScalarView()
        var currentUnspaced = false
        func flush() {
            if !current.isEmpty {
                pieces.append(Piece(text: String(current).lowercased(), unspaced: currentUnspaced))
                current = String.UnicodeScalarView()
            }
        }
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if isUnspaced(scalar) {
                if !currentUnspaced { flush() }
                currentUnspaced = true
                current.append(scalar)
            } else if isWordScalar(scalar) {
                if currentUnspaced { flush() }
                currentUnspaced = false
                current.append(scalar)
            } else if (scalar == "'" || scalar == "\u{2019}"), !currentUnspaced, !current.isEmpty,
                index + 1 < scalars.count, isWordScalar(scalars[index + 1]), !isUnspaced(scalars[index + 1])
            {
                current.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return pieces
    }

    /// Words of spaced scripts, and each Han or kana character on its own.
    static func words(_ text: String) -> [String] {
        pieces(text).flatMap { piece in
            piece.unspaced ? piece.text.unicodeScalars.map { String($0) } : [piece.text]
        }
    }

    /// The units repetition is counted on: words, and overlapping character pairs of Han or kana runs
    /// (a run of one character is its own unit).
    static func repetitionUnits(_ text: String) -> [String] {
        pieces(text).flatMap { piece -> [String] in
            guard piece.unspaced else { return [piece.text] }
            let characters = Array(piece.text.unicodeScalars)
            guard characters.count > 1 else { return [piece.text] }
            return (0..<(characters.count - 1)).map { String(String.UnicodeScalarView([characters[$0], characters[$0 + 1]])) }
        }
    }

    /// Whether a unit carries content: not a function word, and in Japanese not all hiragana.
    static func isContent(_ unit: String) -> Bool {
        guard let first = unit.unicodeScalars.first else { return false }
        if isUnspaced(first) { return !unit.unicodeScalars.allSatisfy(isHiragana) }
        return !TextRuleWords.function.contains(unit)
    }

    /// Words as a reader counts them: each word of a spaced script is one, and every two Han or kana
    /// characters are one (rounded up), since a Chinese or Japanese word is one to three characters.
    static func wordCount(_ text: String) -> Int {
        pieces(text).reduce(0) { total, piece in
            total + (piece.unspaced ? (piece.text.unicodeScalars.count + 1) / 2 : 1)
        }
    }
}
