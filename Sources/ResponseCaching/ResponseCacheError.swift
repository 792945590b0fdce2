import Foundation

/// Why the response cache could not be used, with what to do about it.
public struct ResponseCacheError: Error, Sendable, Hashable, LocalizedError, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        "the response cache \(path) cannot be used (\(reason)); pass another --cache path, or --no-cache to run without one"
    }

    public var errorDescription: String? { description }
}
