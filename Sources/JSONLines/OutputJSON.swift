/// JSON for answers, with keys in the order written, so every answer line reads the same way
/// (`id` first) and is byte-for-byte reproducible.
public indirect enum OutputJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([OutputJSON])
    case object([(String, OutputJSON)])

    public static func == (left: OutputJSON, right: OutputJSON) -> Bool { left.serialized == right.serialized }
    public func hash(into hasher: inout Hasher) { hasher.combine(serialized) }

    /// Compact JSON text on one line.
    public var serialized: String {
        var writer = JSONWriter(style: .compact)
        writer.write(self)
        return writer.text
    }

    /// Indented JSON for files people open; arrays of scalars and small flat objects stay on one line.
    public var prettyPrinted: String {
        var writer = JSONWriter(style: .pretty)
        writer.write(self)
        return writer.text
    }

    /// Whether the value is neither an array nor an object.
    public var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
}
