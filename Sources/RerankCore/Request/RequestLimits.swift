/// Bounds on what one request may ask for, so no caller can make the service run out of memory or context.
public struct RequestLimits: Sendable, Hashable {
    public var maxLineBytes: Int
    public var maxCandidates: Int
    /// Longer histories keep their most recent items; the drop is reported in diagnostics.
    public var maxHistory: Int
    /// Longer titles are cut and end in "…".
    public var maxTitleCharacters: Int
    /// Longer attribute values are cut likewise.
    public var maxAttributeCharacters: Int
    public var maxAttributes: Int
    /// The most model calls one request may need (`serve.max_calls_per_request`); see `RequestCost`.
    public var maxCallsPerRequest: Int = 256
    /// Longer item texts are cut likewise; 0 leaves texts out of prompts.
    public var maxTextCharacters = 200

    public init(
        maxLineBytes: Int = 1_048_576,
        maxCandidates: Int = 200,
        maxHistory: Int = 50,
        maxTitleCharacters: Int = 160,
        maxAttributeCharacters: Int = 80,
        maxAttributes: Int = 8
    ) {
        self.maxLineBytes = maxLineBytes
        self.maxCandidates = maxCandidates
        self.maxHistory = maxHistory
        self.maxTitleCharacters = maxTitleCharacters
        self.maxAttributeCharacters = maxAttributeCharacters
        self.maxAttributes = maxAttributes
    }
}
