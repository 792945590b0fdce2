import Foundation

/// Any JSON value, for schemas and server-specific pass-through fields whose shape the client does not own.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Members in the order the text gave them (see `JSONObject`).
    case object(JSONObject)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(JSONObject(try container.decode([String: JSONValue].self)))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value.dictionary)
        }
    }

    /// The value as plain text, for showing attributes to a model: strings as they are, arrays joined by ", ".
    public var plainText: String {
        switch self {
        case .null: return ""
        case .bool(let value): return value ? "yes" : "no"
        case .number(let value):
            return value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let value): return value
        case .array(let values): return values.map(\.plainText).filter { !$0.isEmpty }.joined(separator: ", ")
        case .object(let members):
            return members.keys.sorted().map { "\($0): \(members[$0]?.plainText ?? "")" }.joined(separator: "; ")
        }
    }

    /// 2^53: up to it a Double holds every whole number, so no integer read from JSON goes past it.
    public static let largestWholeNumber = 9_007_199_254_740_992

    /// The value as an `Int` when it is a whole number inside `range`, else nil. The checks come before the
    /// conversion, bounded at 2^53 whatever the range, so a number from outside (`1e300`) can never trap it.
    public func wholeNumber(in range: ClosedRange<Int>) -> Int? {
        guard case .number(let number) = self, number.rounded() == number, number.magnitude <= Double(Self.largestWholeNumber),
            number >= Double(range.lowerBound), number <= Double(range.upperBound)
        else { return nil }
        return Int(number)
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(members: elements))
    }
}
