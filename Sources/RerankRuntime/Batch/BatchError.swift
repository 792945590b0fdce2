import Foundation

/// Why a batch job cannot start or go on, with what to do about it.
public struct BatchError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
    public var errorDescription: String? { message }
}
