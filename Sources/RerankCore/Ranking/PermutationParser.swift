import Foundation
import JSONLines
import LLMClient

/// Reads a model's ranking answer into references to the candidates it was shown.
///
/// Accepts `[3] > [1] > [2]`, numbered or bulleted lists, bare numbers, JSON arrays (of numbers,
/// `"[3]"` strings or titles), titles instead of labels, unicode and full-width digits, and skips
/// `<think>…</think>` blocks and stray prose. Labels are 1-based as shown in the prompt.
public struct PermutationParser: Sendable {
    public let candidateCount: Int
    public let titles: [String]

    public init(candidateCount: Int, titles: [String] = []) {
        self.candidateCount = candidateCount
        self.titles = titles
    }

    /// A reference the model made: a shown position (0-based), or something that names no candidate.
    public enum Reference: Sendable, Hashable {
        case candidate(Int)
        case unknown(String)
    }

    public func parse(_ rawText: String) -> [Reference] {
        parse(rawText, titleMatcher: TitleMatcher(titles: titles))
    }

    /// The same reading with the matcher given, which bounds the work titles may cost on this one answer
    /// (see `TitleMatcher`): labels are read from all of it, however long, in linear time.
    func parse(_ rawText: String, titleMatcher: TitleMatcher) -> [Reference] {
        let text = Self.normalise(Self.removingThinking(rawText))
        if let fromJSON = parseJSON(text, titleMatcher: titleMatcher) {
            return fromJSON
        }
        var references: [Reference] = []
        for rawLine in text.split(whereSeparator: \.isNewline) {
            references.append(contentsOf: parseLine(String(rawLine), titleMatcher: titleMatcher))
        }
        return references
    }

    private func label(_ number: Int, _ original: String) -> Reference {
        (1...max(1, candidateCount)).contains(number) && candidateCount > 0 ? .candidate(number - 1) : .unknown(original)
    }

    private func parseLine(_ line: String, titleMatcher: TitleMatcher) -> [Reference] {
        let content = Self.strippingListMarker(line)
        let bracketed = Self.bracketedNumbers(in: content)
        if !bracketed.isEmpty {
            return bracketed.map { label($0, "[\($0)]") }
        }
        if let whole = titleMatcher.match(content) {
            return [.candidate(whole)]
        }
        var references: [Reference] = []
        for segment in content.split(whereSeparator: { $0 == ">" || $0 == "," || $0 == ";" || $0 == "|" }) {
            let piece = segment.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\"'`*.")))
            if piece.isEmpty { continue }
            // "Ranking: 3" - a label after a lead-in.
            let afterColon = piece.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? piece
            if let number = Self.bareNumber(piece) ?? Self.bareNumber(afterColon) {
                references.append(label(number, piece))
            } else if let matched = titleMatcher.match(piece) {
                references.append(.candidate(matched))
            }
            // Anything else is prose around the answer and is not counted against it.
        }
        return references
    }

    private func parseJSON(_ text: String, titleMatcher: TitleMatcher) -> [Reference]? {
        var body = String(text.trimmingWhitespace())
        if body.hasPrefix("```") {
            body = LineSplitter.lines(of: body).dropFirst()
                .filter { !$0.hasPrefix("```") }.joined(separator: "\n")
        }
        guard let start = body.firstIndex(where: { $0 == "[" || $0 == "{" }),
            let end = body.lastIndex(where: { $0 == "]" || $0 == "}" }), start < end
        else { return nil }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(body[start...end].utf8)) else {
            return nil
        }
        let elements: [JSONValue]
        switch value {
        case .array(let array): elements = array
        case .object(let object):
            guard
                let array = object.keys.sorted().lazy.compactMap({ key -> [JSONValue]? in
                    if case .array(let array)? = object[key] { return array }
                    return nil
                }).first
            else { return nil }
            elements = array
        default: return nil
        }
        return elements.map { element in
            switch element {
            case .number(let number) where number.rounded() == number && abs(number) < 1e9:
                return label(Int(number), element.plainText)
            case .string(let string):
                let trimmed = string.trimmingCharacters(in: .whitespaces)
                if let number = Self.bracketedNumbers(in: trimmed).first ?? Self.bareNumber(trimmed) {
                    return label(number, string)
                }
                if let matched = titleMatcher.match(trimmed) { return .candidate(matched) }
                return .unknown(string)
            default:
                return .unknown(element.plainText)
            }
        }
    }

    static func removingThinking(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "<")) else { return text }
        if let close = text.ranges(of: "</think>").last {
            return String(text[close.upperBound...])
        }
        if let open = text.firstRange(of: "<think>") {
            return String(text[..<open.lowerBound])
        }
        return text
    }

    /// Unicode digits become ASCII; full-width brackets and signs become their ASCII forms.
    static func normalise(_ text: String) -> String {
        // Plain ASCII answers, the usual case, have nothing to map.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.properties.numericType == .decimal, let digit = scalar.properties.numericValue, !scalar.isASCII {
                result.append(Character(String(Int(digit))))
                continue
            }
            switch scalar {
            case "［", "【", "〔": result.append("[")
            case "］", "】", "〕": result.append("]")
            case "＞", "→", "≻": result.append(">")
            case "，", "、": result.append(",")
            case "：": result.append(":")
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func strippingListMarker(_ line: String) -> String {
        let trimmed = String(line.trimmingWhitespace())
        var index = trimmed.startIndex
        while index < trimmed.endIndex, trimmed[index].isASCII, trimmed[index].isNumber { index = trimmed.index(after: index) }
        if index > trimmed.startIndex, index < trimmed.endIndex, trimmed[index] == "." || trimmed[index] == ")" {
            let rest = trimmed[trimmed.index(after: index)...]
            if rest.first == " " || rest.first == "\t" {
                return String(rest.trimmingWhitespace())
            }
        }
        for bullet in ["- ", "* ", "• "] where trimmed.hasPrefix(bullet) {
            return String(trimmed.dropFirst(bullet.count).trimmingWhitespace())
        }
        return trimmed
    }

    /// The numbers written as `[n]`, in order.
    static func bracketedNumbers(in text: String) -> [Int] {
        var numbers: [Int] = []
        var digits = ""
        var inside = false
        for character in text {
            if character == "[" {
                inside = true
                digits = ""
            } else if inside, character.isASCII, character.isNumber {
                digits.append(character)
            } else if inside, character == "]" {
                if let number = Int(digits), digits.count <= 6 { numbers.append(number) }
                inside = false
            } else if inside, character == " ", digits.isEmpty {
                continue
            } else {
                inside = false
            }
        }
        return numbers
    }

    /// `3`, `#3`, `(3)` or `3.` alone.
    static func bareNumber(_ text: String) -> Int? {
        let core = text.trimmingCharacters(in: CharacterSet(charactersIn: "#()[]. "))
        guard !core.isEmpty, core.count <= 6, core.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(core)
    }
}
