/// A string compared and hashed by its exact UTF-8 bytes.
///
/// Swift's `String` equality is Unicode canonical equivalence: NFC "é" and NFD "e\u{301}" are equal. Ids
/// are opaque keys of someone else's catalogue, so two ids are the same only when their bytes are; this is
/// the identity of candidate ids in a request and of records in a batch job.
public struct ExactText: Sendable, Hashable, CustomStringConvertible {
    public let text: String

    public init(_ text: String) {
        self.text = text
    }

    public static func == (left: ExactText, right: ExactText) -> Bool {
        left.text.utf8.elementsEqual(right.text.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(text.utf8.count)
        for byte in text.utf8 { hasher.combine(byte) }
    }

    public var description: String { text }
}
