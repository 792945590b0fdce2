import JSONLines
import LLMClient

/// How `rerank-agent config` shows a key's value: as Config/default.yaml writes it.
extension ConfigurationKey {
    /// The key's value in `configuration` in YAML's flow style: `null`, `5`, `0.15`, `true`, `[a, b]`, `{name: value}`.
    public func displayValue(in configuration: Configuration) -> String {
        Self.yamlText(value(in: configuration))
    }

    static func yamlText(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number, .string: return value.plainText
        case .array(let items): return "[" + items.map(yamlText).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.keys.sorted().map { "\($0): \(yamlText(members[$0] ?? .null))" }.joined(separator: ", ") + "}"
        }
    }
}
