import Foundation

/// Why something could not be scored, with what to change.
public struct RewardError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// What went wrong, for callers that branch on it.
    public enum Code: String, Sendable, Hashable {
        /// The weights string or object is malformed.
        case invalidWeights = "invalid_weights"
        /// The input to `score` is malformed.
        case invalidInput = "invalid_input"
        /// The embeddings endpoint failed or answered with the wrong number of vectors.
        case embeddingsFailed = "embeddings_failed"
        /// The judge model failed or its ratings could not be read.
        case judgeFailed = "judge_failed"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
    public var errorDescription: String? { message }
}
