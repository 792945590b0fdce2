import Foundation
import JSONLines
import LLMClient
import Yams

/// Reading a config file's YAML text into dotted keys, over Yams' typed nodes.
extension ConfigurationLoader {
    /// Flattens YAML text into dotted keys, in key order within each mapping; mapping-valued keys keep their mapping.
    static func entries(yaml: String, path: String) throws(ConfigurationError) -> [(String, JSONValue)] {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigurationError(key: "-", source: path, message: "not valid YAML: \(error)")
        }
        guard let root = composed else { return [] }
        try checkExpansion(root, path: path)
        guard let sections = mappingEntries(root) else {
            throw ConfigurationError(key: "-", source: path, message: "the top level must be a mapping of sections")
        }
        let mapKeys = Set(ConfigurationKey.all.filter(\.kind.isMapping).map(\.name))
        var result: [(String, JSONValue)] = []
        func walk(_ entries: [(String, Node)], prefix: String) throws(ConfigurationError) {
            for (name, node) in entries.sorted(by: { $0.0 < $1.0 }) {
                let key = prefix.isEmpty ? name : "\(prefix).\(name)"
                if !mapKeys.contains(key), let mapping = mappingEntries(node) {
                    try walk(mapping, prefix: key)
                } else {
                    result.append((key, try json(from: node, key: key, path: path)))
                }
            }
        }
        try walk(sections, prefix: "")
        return result
    }

    /// The most values a config file may hold once its aliases are expanded, each use of an alias counted
    /// again. The shipped file has a few hundred; nested aliases (`b: [*a, *a, …]`, `c: [*b, *b, …]`) grow
    /// exponentially, and walking them unbounded would take gigabytes from a file of a few lines.
    static let maxExpandedValues = 100_000

    /// Refuses a document that expands past `maxExpandedValues`, before anything walks it.
    static func checkExpansion(_ root: Node, path: String) throws(ConfigurationError) {
        var remaining = maxExpandedValues
        var pending = [root]
        while let node = pending.popLast() {
            remaining -= 1
            guard remaining >= 0 else {
                throw ConfigurationError(
                    key: "-", source: path,
                    message:
                        "the file expands to more than \(maxExpandedValues) values (aliases repeated inside aliases?); write the values out"
                )
            }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    pending.append(key)
                    pending.append(value)
                }
            case .sequence(let sequence): pending.append(contentsOf: sequence)
            case .scalar, .alias: break
            }
        }
    }

    /// A YAML value as JSON: null, booleans, numbers and strings as YAML's core schema resolves them.
    static func json(from node: Node, key: String, path: String) throws(ConfigurationError) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null where NSNull.construct(from: scalar) != nil: return .null
            case .bool: if let flag = Bool.construct(from: scalar) { return .bool(flag) }
            case .int: if let number = Int.construct(from: scalar) { return .number(Double(number)) }
            case .float: if let number = Double.construct(from: scalar) { return .number(number) }
            case .timestamp where Date.construct(from: scalar) != nil, .binary where Data.construct(from: scalar) != nil:
                throw ConfigurationError(key: key, source: path, message: "unsupported value \(scalar.string)")
            default: break
            }
            return .string(scalar.string)
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for item in sequence { items.append(try json(from: item, key: key, path: path)) }
            return .array(items)
        case .mapping:
            var members: JSONObject = [:]
            for (name, value) in mappingEntries(node) ?? [] { members[name] = try json(from: value, key: key, path: path) }
            return .object(members)
        case .alias:
            throw ConfigurationError(key: key, source: path, message: "unsupported value (an unresolved alias)")
        }
    }

    /// A mapping's entries with their keys as text, merge keys (`<<: *anchor`) folded in below the mapping's own
    /// entries and the last of repeated keys kept, as Yams' own construction does; nil for a node that is not a mapping.
    static func mappingEntries(_ node: Node) -> [(String, Node)]? {
        guard case .mapping(let mapping) = node else { return nil }
        var merged: [(String, Node)] = []
        var own: [(String, Node)] = []
        for (key, value) in mapping {
            if Tag.Name(rawValue: key.tag.rawValue) == .merge {
                switch value {
                case .mapping: merged += mappingEntries(value) ?? []
                case .sequence(let sources): for source in sources.reversed() { merged += mappingEntries(source) ?? [] }
                default: break
                }
            } else if let name = key.scalar?.string {
                own.append((name, value))
            }
        }
        var entries: [String: Node] = [:]
        for (name, value) in merged + own { entries[name] = value }
        return Array(entries)
    }
}
