import JSONLines
import LLMClient

/// One configuration key: its dotted name, the kind of value it takes, what it does, and how it is read from
/// and written to a `Configuration`. The table of them (`ConfigurationKey.all`) is the one list of keys the
/// loader, the environment variables, `rerank-agent config` and the check of Config/default.yaml work from.
public struct ConfigurationKey: Sendable {
    /// The key as written in Config/default.yaml and `--set`: `section.name`.
    public let name: String
    /// The kind of value it takes, which says how a flag's or variable's text is read.
    public let kind: ConfigurationValueKind
    /// One line saying what the key does.
    public let summary: String
    /// The values a number key accepts; one outside is refused with the key named (nil: any the kind takes).
    public let bounds: ClosedRange<Double>?
    /// What is wrong with a value already coerced to `kind` and within `bounds`, or nil (a ranking option's own
    /// check, the same as a request's).
    let check: (@Sendable (JSONValue) -> String?)?
    /// Sets the key's value, already coerced to `kind` and checked against `bounds`.
    let apply: @Sendable (inout Configuration, JSONValue) -> Void
    /// The key's value in a configuration.
    let read: @Sendable (Configuration) -> JSONValue

    init(
        _ name: String, _ kind: ConfigurationValueKind, _ summary: String, bounds: ClosedRange<Double>? = nil,
        check: (@Sendable (JSONValue) -> String?)? = nil,
        apply: @escaping @Sendable (inout Configuration, JSONValue) -> Void, read: @escaping @Sendable (Configuration) -> JSONValue
    ) {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.bounds = bounds
        self.check = check
        self.apply = apply
        self.read = read
    }

    /// Nil when `value` (coerced to `kind`) is one the key takes, else what is wrong: "1000 is out of range 1…32".
    public func problem(with value: JSONValue) -> String? {
        if case .number(let number) = value, let problem = boundsProblem(number) { return problem }
        return check?(value)
    }

    /// Nil when `value` is within the key's bounds, else what is wrong: "1000 is out of range 1…32".
    public func boundsProblem(_ value: Double) -> String? {
        guard let bounds, !bounds.contains(value) else { return nil }
        return "\(OptionBounds.number(value)) is out of range \(OptionBounds.describe(bounds))"
    }

    /// The section the key belongs to: `endpoint` for `endpoint.base_url`.
    public var section: String {
        String(name.prefix { $0 != "." })
    }

    /// The environment variable that sets the key: `RERANK_AGENT_ENDPOINT_BASE_URL` for `endpoint.base_url`.
    public var environmentVariable: String {
        ConfigurationLoader.variablePrefix + name.replacingOccurrences(of: ".", with: "_").uppercased()
    }

    /// The key's value in `configuration`, as JSON (null for an unset optional string).
    public func value(in configuration: Configuration) -> JSONValue {
        read(configuration)
    }

    /// The built-in default, the value in `Configuration()`.
    public var defaultValue: JSONValue {
        read(Configuration())
    }

    /// The key of this name, if there is one.
    public static func named(_ name: String) -> ConfigurationKey? {
        all.first { $0.name == name }
    }
}
