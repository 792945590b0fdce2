import Foundation

/// Why no HTTP answer came back at all.
public struct TransportError: Error, Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case connectionFailed
        case timedOut
        case cancelled
        /// The body passed the request's `maxResponseBytes`, or the headers passed the transport's bound.
        case responseTooLarge
    }

    public var kind: Kind
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}
