import Foundation

/// Removes a secret from text before the text can reach a log, an error or a report: the API key, and the
/// credentials of any URL (`http://user:KEY@host/v1`), wherever they stand.
public struct Redactor: Sendable, Hashable {
    private let secrets: [String]

    /// What stands where a secret was.
    public static let marker = "[redacted]"

    public init(secrets: [String?]) {
        // Very short values would blank out ordinary words; real keys are long. The longest go first, so a
        // key that holds another is removed whole.
        self.secrets = Set(secrets.compactMap { $0 }.filter { $0.count >= 8 }).sorted { $0.count > $1.count }
    }

    public func redact(_ text: String) -> String {
        let withoutKeys = secrets.reduce(text) { partial, secret in Self.replacingBytes(of: secret, in: partial) }
        return Self.redactingURLCredentials(withoutKeys)
    }

    /// `text` with every occurrence of `secret`'s UTF-8 bytes replaced by the marker. Bytes, not characters:
    /// a key followed by a combining mark is a different grapheme, and a character search would miss it.
    static func replacingBytes(of secret: String, in text: String) -> String {
        let needle = Array(secret.utf8)
        guard let first = needle.first, text.utf8.count >= needle.count, text.utf8.contains(first) else { return text }
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        var index = 0
        var found = false
        while index < bytes.count {
            if bytes[index] == first, index + needle.count <= bytes.count, bytes[index..<index + needle.count].elementsEqual(needle) {
                result.append(contentsOf: marker.utf8)
                index += needle.count
                found = true
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return found ? String(decoding: result, as: UTF8.self) : text
    }

    /// The redacted text cut to `maxCharacters` (ending in "…" when cut). Redaction comes first: a key that
    /// straddles the cut would otherwise leave its first part behind.
    public func excerpt(_ text: String, maxCharacters: Int) -> String {
        let clean = redact(text)
        guard clean.count > maxCharacters else { return clean }
        var end = clean.index(clean.startIndex, offsetBy: max(0, maxCharacters - 1))
        // A cut through a "[redacted]" marker keeps the marker whole, so the reader sees what was removed.
        if let marker = clean.range(of: Self.marker, range: clean.index(end, offsetBy: -min(Self.marker.count, clean.distance(from: clean.startIndex, to: end)))..<clean.endIndex),
            marker.lowerBound < end, marker.upperBound > end
        {
            end = marker.upperBound
        }
        return String(clean[..<end]) + "…"
    }

    /// Every `scheme://userinfo@host` in `text` as `scheme://[redacted]@host`.
    public static func redactingURLCredentials(_ text: String) -> String {
        guard text.contains("://"), text.contains("@") else { return text }
        var result = ""
        var rest = Substring(text)
        while let separator = rest.range(of: "://") {
            result += rest[..<separator.upperBound]
            rest = rest[separator.upperBound...]
            let authorityEnd = rest.firstIndex { "/?#\"' \t\r\n<>\\".contains($0) } ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@") {
                result += Self.marker
                rest = rest[at...]
            }
        }
        return result + rest
    }

    /// The credentials of a URL, as secrets to take out of any text (the password may also appear on its own).
    public static func credentials(in url: String) -> [String] {
        guard let separator = url.range(of: "://") else { return [] }
        let rest = url[separator.upperBound...]
        let authorityEnd = rest.firstIndex { "/?#".contains($0) } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return [] }
        let userinfo = String(rest[..<at])
        // `user:password` keeps the user name printable (it is no secret); a lone `TOKEN@` is the secret itself.
        let parts = userinfo.split(separator: ":", maxSplits: 1).map(String.init)
        let secret = parts.count == 2 ? parts[1] : userinfo
        return [userinfo, secret, secret.removingPercentEncoding].compactMap { $0 }
    }
}
