import Foundation
import JSONLines
import LLMClient

/// Builds a `Configuration` from its layers: flags > environment > config file > defaults.
///
/// Every key is written `section.name` (as in Config/default.yaml). The environment sets a key as
/// `RERANK_AGENT_SECTION_NAME` (`RERANK_AGENT_ENDPOINT_BASE_URL`); `OPENAI_BASE_URL` also sets
/// `endpoint.base_url`, below the specific variable. An unknown key or a value of the wrong type is an error.
public struct ConfigurationLoader: Sendable {
    /// The prefix of every environment variable that sets a key.
    static let variablePrefix = "RERANK_AGENT_"

    /// Environment variables of this prefix that are not configuration keys (read by the scripts).
    static let reservedVariables: Set<String> = [
        "RERANK_AGENT_HOME", "RERANK_AGENT_CACHE", "RERANK_AGENT_CONFIG", "RERANK_AGENT_SERVER_PORT",
        "RERANK_AGENT_SERVER_PARALLEL", "RERANK_AGENT_LOG_LEVEL", "RERANK_AGENT_SERVER_CONTEXT",
        "RERANK_AGENT_LOCAL_MODEL", "RERANK_AGENT_BIN", "RERANK_AGENT_SETUP_LOCAL_MODEL",
        "RERANK_AGENT_BINARY",  // the binary the Python package starts
    ]

    public var environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// The configuration from YAML text (a config file's contents, nil for none), the environment and the
    /// flags' `overrides`; pure, so the text can come from anywhere.
    /// - Parameters:
    ///   - yaml: the config file's text, if any.
    ///   - path: where the text came from, for messages.
    ///   - overrides: `key=value` settings from flags, highest precedence.
    public func load(yaml: String?, path: String, overrides: [(key: String, value: String)] = []) throws(ConfigurationError)
        -> Configuration
    {
        var configuration = Configuration()
        if let yaml {
            for (key, value) in try Self.entries(yaml: yaml, path: path) {
                try apply(key: key, value: value, source: "config file \(path)", to: &configuration)
            }
        }
        if let base = environment["OPENAI_BASE_URL"], !base.isEmpty {
            try apply(key: "endpoint.base_url", value: .string(base), source: "environment OPENAI_BASE_URL", to: &configuration)
        }
        for variable in environment.keys.sorted()
        where variable.hasPrefix(Self.variablePrefix) && !Self.reservedVariables.contains(variable) {
            guard let key = Self.key(forVariable: variable) else {
                // Strict only for a variable that names a known section (a mistyped key); others are warned about.
                guard Self.namesKnownSection(variable), !Self.isKubernetesServiceVariable(variable) else { continue }
                throw ConfigurationError(
                    key: variable, source: "environment",
                    message: "no configuration key matches this variable; variables are RERANK_AGENT_ plus a key such as ENDPOINT_BASE_URL")
            }
            try apply(key: key.name, value: .string(environment[variable] ?? ""), source: "environment \(variable)", to: &configuration)
        }
        for (key, value) in overrides {
            try apply(key: key, value: .string(value), source: "flag", to: &configuration)
        }
        return configuration
    }

    /// `RERANK_AGENT_*` variables that are neither keys nor reserved nor Kubernetes service variables, and name
    /// no known section: ignored, and worth a warning (a script's own variable such as RERANK_AGENT_BIN).
    public var ignoredVariables: [String] {
        environment.keys.sorted().filter { variable in
            variable.hasPrefix(Self.variablePrefix) && !Self.reservedVariables.contains(variable) && Self.key(forVariable: variable) == nil
                && !Self.namesKnownSection(variable) && !Self.isKubernetesServiceVariable(variable)
        }
    }

    /// True for `RERANK_AGENT_ENDPOINT_…`, `RERANK_AGENT_SERVE_…` and the other sections of the key table.
    static func namesKnownSection(_ variable: String) -> Bool {
        let suffix = variable.dropFirst(variablePrefix.count).lowercased()
        return Set(ConfigurationKey.all.map(\.section)).contains { suffix.hasPrefix($0 + "_") }
    }

    /// What Kubernetes injects for a Service named rerank-agent(-…): `…_SERVICE_HOST`, `…_SERVICE_PORT(_NAME)`,
    /// `…_PORT` and `…_PORT_<number>_<protocol>(_PROTO|_PORT|_ADDR)`.
    static func isKubernetesServiceVariable(_ variable: String) -> Bool {
        if variable.hasSuffix("_SERVICE_HOST") || variable.hasSuffix("_SERVICE_PORT") || variable.contains("_SERVICE_PORT_")
            || variable.hasSuffix("_PORT")
        {
            return true
        }
        return variable.contains(/_PORT_[0-9]+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?$/)
    }

    /// The key a variable sets, its name compared without regard to case (`RERANK_AGENT_SERVE_concurrency` too).
    static func key(forVariable variable: String) -> ConfigurationKey? {
        let lowered = variable.lowercased()
        return ConfigurationKey.all.first { $0.environmentVariable.lowercased() == lowered }
    }

    private func apply(key name: String, value: JSONValue, source: String, to configuration: inout Configuration) throws(ConfigurationError)
    {
        guard let key = ConfigurationKey.named(name) else {
            let known = ConfigurationKey.all.map(\.name).joined(separator: ", ")
            throw ConfigurationError(key: name, source: source, message: "unknown key; known keys are \(known)")
        }
        let coerced = try Self.coerce(value, to: key.kind, key: name, source: source)
        if let problem = key.problem(with: coerced) {
            throw ConfigurationError(key: name, source: source, message: problem)
        }
        key.apply(&configuration, coerced)
    }

    /// Strings from flags and the environment become the key's type; values from YAML must already be it.
    static func coerce(_ value: JSONValue, to kind: ConfigurationValueKind, key: String, source: String) throws(ConfigurationError)
        -> JSONValue
    {
        func fail(_ expected: String) -> ConfigurationError {
            ConfigurationError(key: key, source: source, message: "expected \(expected), got \(describe(value))")
        }
        switch kind {
        case .string:
            guard case .string(let text) = value, !text.isEmpty else { throw fail("a non-empty string") }
            return value.stringValue.map { .string($0) } ?? .string(text)
        case .optionalString:
            if value == .null { return .null }
            guard case .string(let text) = value else { throw fail("a string or null") }
            return text.isEmpty || text == "null" ? .null : .string(text)
        case .integer:
            // Bounded where a Double still holds every whole number: past it the conversion to Int would trap.
            let range = 0...JSONValue.largestWholeNumber
            if value.wholeNumber(in: range) != nil { return value }
            if case .string(let text) = value, let number = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(number) {
                return .number(Double(number))
            }
            throw fail("a whole number from 0 to 2^53")
        case .number:
            if case .number(let number) = value, number >= 0 { return value }
            if case .string(let text) = value, let number = Double(text.trimmingCharacters(in: .whitespaces)), number >= 0 {
                return .number(number)
            }
            throw fail("a number of at least 0")
        case .boolean:
            if case .bool = value { return value }
            if case .string(let text) = value {
                switch text.lowercased() {
                case "true", "1", "yes", "on": return .bool(true)
                case "false", "0", "no", "off": return .bool(false)
                default: break
                }
            }
            throw fail("true or false")
        case .choice(let choices):
            guard case .string(let text) = value, choices.contains(text) else { throw fail("one of \(choices.joined(separator: ", "))") }
            return value
        case .stringList:
            if value == .null { return .array([]) }
            if case .array(let items) = value, items.allSatisfy({ $0.stringValue != nil }) { return value }
            // From a flag or the environment: comma-separated.
            if case .string(let text) = value {
                return .array(
                    text.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 != .string("") })
            }
            throw fail("a list of strings")
        case .stringMap, .jsonMap:
            if value == .null { return .object([:]) }
            guard case .object = value else { throw fail("a mapping") }
            return value
        }
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return "\"\(text)\""
        case .null: return "null"
        case .bool(let flag): return "\(flag)"
        case .number: return value.plainText
        case .array: return "a list"
        case .object: return "a mapping"
        }
    }
}
