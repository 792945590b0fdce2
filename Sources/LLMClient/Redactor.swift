import Foundation

/// Removes a secret from text before the text can reach a log, an error or a report: the API key, the
/// credentials of any URL (`http://user:KEY@host/v1`), and the encoded forms a client sends them in (Basic
/// auth is base64 of `user:password`), wherever they stand.
///
/// Not only whole secrets: any run of `fragmentLength` or more bytes of a secret is taken out, so an endpoint
/// that returns part of a key (a token cut from it, an excerpt cut through it) leaks no fragment either.
public struct Redactor: Sendable, Hashable {
    /// Every `fragmentLength`-byte run of every secret, packed into a word: a text byte run found here is a
    /// piece of a secret.
    private let fragments: Set<UInt64>

    /// What stands where a secret was.
    public static let marker = "[redacted]"

    /// The shortest run of a secret's bytes that is taken out. Eight: shorter runs of a random key occur in
    /// ordinary text, and real keys are far longer, so every piece long enough to matter is covered.
    public static let fragmentLength = 8

    public init(secrets: [String?]) {
        // Very short values would blank out ordinary words; real keys are long.
        let long = Set(secrets.compactMap { $0 }.filter { $0.utf8.count >= Self.fragmentLength })
        var fragments = Set<UInt64>()
        for secret in long {
            for form in [secret, Data(secret.utf8).base64EncodedString()] {
                let bytes = Array(form.utf8)
                guard bytes.count >= Self.fragmentLength else { continue }
                var word: UInt64 = 0
                for (index, byte) in bytes.enumerated() {
                    word = word << 8 | UInt64(byte)
                    if index >= Self.fragmentLength - 1 { fragments.insert(word) }
                }
            }
        }
        self.fragments = fragments
    }

    public func redact(_ text: String) -> String {
        Self.redactingURLCredentials(removingFragments(from: text))
    }

    /// `text` with every run of bytes made of secret fragments replaced by one marker. Bytes, not characters:
    /// a key followed by a combining mark is a different grapheme, and a character search would miss it.
    func removingFragments(from text: String) -> String {
        guard !fragments.isEmpty, text.utf8.count >= Self.fragmentLength else { return text }
        let bytes = Array(text.utf8)
        let runs = fragmentRuns(in: bytes)
        guard !runs.isEmpty else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var position = 0
        for run in runs {
            result.append(contentsOf: bytes[position..<run.lowerBound])
            result.append(contentsOf: Self.marker.utf8)
            position = run.upperBound
        }
        result.append(contentsOf: bytes[position...])
        return String(decoding: result, as: UTF8.self)
    }

    /// The byte ranges of `bytes` made of secret fragments, in order, overlapping ones merged.
    private func fragmentRuns(in bytes: [UInt8]) -> [Range<Int>] {
        let length = Self.fragmentLength
        var runs: [Range<Int>] = []
        var word: UInt64 = 0
        for index in bytes.indices {
            word = word << 8 | UInt64(bytes[index])
            guard index >= length - 1, fragments.contains(word) else { continue }
            let start = index - length + 1
            if let last = runs.last, start <= last.upperBound {
                runs[runs.count - 1] = last.lowerBound..<(index + 1)
            } else {
                runs.append(start..<(index + 1))
            }
        }
        return runs
    }

    /// A sequence of tokens (the chosen tokens of an answer, in order) with every token that holds part of a
    /// secret replaced by the marker. The tokens are read joined: a key the model spells out a few bytes per
    /// token has no long fragment in any one token, but has them across the sequence.
    public func redact(tokens: [String]) -> [String] {
        guard !fragments.isEmpty else { return tokens.map(redact) }
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for token in tokens {
            bytes += token.utf8
            ends.append(bytes.count)
        }
        let runs = fragmentRuns(in: bytes)
        guard !runs.isEmpty else { return tokens.map(redact) }
        var start = 0
        return tokens.indices.map { index in
            let span = start..<ends[index]
            start = ends[index]
            return runs.contains { $0.overlaps(span) } ? Self.marker : redact(tokens[index])
        }
    }

    /// The redacted text cut to `maxCharacters` (ending in "…" when cut). Redaction comes first: a key that
    /// straddles the cut would otherwise leave its first part behind.
    public func excerpt(_ text: String, maxCharacters: Int) -> String {
        let clean = redact(text)
        guard clean.count > maxCharacters else { return clean }
        var end = clean.index(clean.startIndex, offsetBy: max(0, maxCharacters - 1))
        // A cut through a "[redacted]" marker keeps the marker whole, so the reader sees what was removed.
        if let marker = clean.range(
            of: Self.marker,
            range: clean.index(end, offsetBy: -min(Self.marker.count, clean.distance(from: clean.startIndex, to: end)))..<clean.endIndex),
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
        // A client sends `user:password` percent-decoded and base64-encoded as Basic auth, and a gateway may
        // echo that header. The user name alone is no secret (and would blank out ordinary words), so the
        // whole `user:password` is a secret only in its encoded forms.
        let basicAuth = [userinfo, userinfo.removingPercentEncoding].compactMap { $0 }.map { Data($0.utf8).base64EncodedString() }
        return [secret, secret.removingPercentEncoding].compactMap { $0 } + basicAuth
    }
}
