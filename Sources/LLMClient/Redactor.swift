/// Removes a secret from text before the text can reach a log, an error or a report.
public struct Redactor: Sendable, Hashable {
    private let secrets: [String]

    public init(secrets: [String?]) {
        // Very short values would blank out ordinary words; real keys are long.
        self.secrets = secrets.compactMap { $0 }.filter { $0.count >= 8 }
    }

    public func redact(_ text: String) -> String {
        secrets.reduce(text) { partial, secret in partial.replacingOccurrences(of: secret, with: "[redacted]") }
    }
}
