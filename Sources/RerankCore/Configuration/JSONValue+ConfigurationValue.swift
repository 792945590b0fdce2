import JSONLines
import LLMClient

/// The coerced values of list and number keys, read back by the key table.
extension JSONValue {
    var stringList: [String] {
        if case .array(let items) = self { return items.compactMap(\.stringValue) }
        return []
    }

    var number: Double {
        if case .number(let value) = self { return value }
        return 0
    }
}
