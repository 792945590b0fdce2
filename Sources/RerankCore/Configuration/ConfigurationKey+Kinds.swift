import JSONLines
import LLMClient

/// Keys of each kind over a key path of `Configuration`, so a table entry names its field once.
extension ConfigurationKey {
    typealias Field<Value> = WritableKeyPath<Configuration, Value> & Sendable

    static func text(_ name: String, _ field: Field<String>, _ summary: String) -> ConfigurationKey {
        ConfigurationKey(name, .string, summary) { configuration, value in
            if let text = value.stringValue { configuration[keyPath: field] = text }
        } read: {
            .string($0[keyPath: field])
        }
    }

    static func optionalText(_ name: String, _ field: Field<String?>, _ summary: String) -> ConfigurationKey {
        ConfigurationKey(name, .optionalString, summary) { configuration, value in
            configuration[keyPath: field] = value.stringValue
        } read: {
            $0[keyPath: field].map(JSONValue.string) ?? .null
        }
    }

    /// `adjust` turns the coerced whole number into the field's value, clamping it where the key has bounds.
    static func integer(
        _ name: String, _ field: Field<Int>, _ summary: String, bounds: ClosedRange<Int>? = nil,
        adjust: @escaping @Sendable (Double) -> Int = { Int($0) }
    ) -> ConfigurationKey {
        ConfigurationKey(name, .integer, summary, bounds: bounds.map { Double($0.lowerBound)...Double($0.upperBound) }) {
            configuration, value in
            configuration[keyPath: field] = adjust(value.number)
        } read: {
            .number(Double($0[keyPath: field]))
        }
    }

    static func number(
        _ name: String, _ field: Field<Double>, _ summary: String, bounds: ClosedRange<Double>? = nil,
        adjust: @escaping @Sendable (Double) -> Double = { $0 }
    ) -> ConfigurationKey {
        ConfigurationKey(name, .number, summary, bounds: bounds) { configuration, value in
            configuration[keyPath: field] = adjust(value.number)
        } read: {
            .number($0[keyPath: field])
        }
    }

    static func flag(_ name: String, _ field: Field<Bool>, _ summary: String) -> ConfigurationKey {
        ConfigurationKey(name, .boolean, summary) { configuration, value in
            if case .bool(let flag) = value { configuration[keyPath: field] = flag }
        } read: {
            .bool($0[keyPath: field])
        }
    }

    /// A key whose values are the raw values of an enumeration.
    static func choice<Value: RawRepresentable & CaseIterable & Sendable>(_ name: String, _ field: Field<Value>, _ summary: String)
        -> ConfigurationKey
    where Value.RawValue == String {
        ConfigurationKey(name, .choice(Value.allCases.map(\.rawValue)), summary) { configuration, value in
            if let choice = value.stringValue.flatMap(Value.init(rawValue:)) { configuration[keyPath: field] = choice }
        } read: {
            .string($0[keyPath: field].rawValue)
        }
    }

    static func list(_ name: String, _ field: Field<[String]>, _ summary: String) -> ConfigurationKey {
        ConfigurationKey(name, .stringList, summary) { configuration, value in
            configuration[keyPath: field] = value.stringList
        } read: {
            .array($0[keyPath: field].map(JSONValue.string))
        }
    }

    static func stringMap(_ name: String, _ field: Field<[String: String]>, _ summary: String) -> ConfigurationKey {
        ConfigurationKey(name, .stringMap, summary) { configuration, value in
            configuration[keyPath: field] = (value.objectValue?.dictionary ?? [:]).mapValues(\.plainText)
        } read: {
            .object(JSONObject($0[keyPath: field].mapValues(JSONValue.string)))
        }
    }

    static func jsonMap(_ name: String, _ field: Field<[String: JSONValue]>, _ summary: String) -> ConfigurationKey {
        ConfigurationKey(name, .jsonMap, summary) { configuration, value in
            configuration[keyPath: field] = value.objectValue?.dictionary ?? [:]
        } read: {
            .object(JSONObject($0[keyPath: field]))
        }
    }
}
