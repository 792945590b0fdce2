/// The secret a client must send as `Authorization: Bearer …`. Compared in time that does not depend on where
/// the bytes differ, and never printed: its description is a placeholder, so a log line cannot leak it.
public struct BearerToken: Sendable, CustomStringConvertible {
    private let bytes: [UInt8]

    /// nil for an unset or empty value: no auth.
    public init?(_ value: String?) {
        guard let value, !value.isEmpty else { return nil }
        bytes = Array(value.utf8)
    }

    /// Whether `header` (the whole Authorization value) carries this token.
    public func admits(authorization header: String?) -> Bool {
        let prefix = Array("bearer ".utf8)
        let sent = Array((header ?? "").utf8)
        // The scheme is case-insensitive; everything after its one space is the token.
        guard sent.count >= prefix.count, zip(sent, prefix).allSatisfy({ ($0 | 0x20) == $1 }) else {
            return false
        }
        return Self.constantTimeEqual(Array(sent[prefix.count...]), bytes)
    }

    /// Equal bytes, in time that depends only on the lengths.
    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            difference |= a ^ b
        }
        return difference == 0
    }

    public var description: String { "<bearer token>" }
}
