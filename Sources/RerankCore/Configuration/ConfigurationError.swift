/// A configuration value that cannot be used; the message names the key, where it came from, and what fits.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var key: String
    public var source: String
    public var message: String

    public init(key: String, source: String, message: String) {
        self.key = key
        self.source = source
        self.message = message
    }

    public var description: String { "configuration key '\(key)' (\(source)): \(message)" }
}
