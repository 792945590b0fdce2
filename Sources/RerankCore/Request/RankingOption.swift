import JSONLines

/// One ranking option, declared once: its name in a request (`options.votes`) and in the configuration
/// (`rerank.votes`), the values it takes, what it does, and the field it sets in a request's options and in the
/// configuration. The request decoder, the configuration's key table (and so the environment variables, flags and
/// `rerank-agent config`), the defaults every request starts from and eval's configuration specs all read
/// `RankingOption.all`: an option is added by adding its entry.
public struct RankingOption: Sendable {
    /// The values an option takes.
    public enum Kind: Sendable, Hashable {
        /// A whole number in the range.
        case integer(ClosedRange<Int>)
        /// A number in the range.
        case number(ClosedRange<Double>)
        /// One of the names.
        case choice([String])
        /// true or false.
        case flag
        /// A non-empty string of at most this many characters, trimmed.
        case text(maxCharacters: Int)
    }

    /// The name in a request's `options` and, after `rerank.`, in the configuration.
    public let name: String
    public let kind: Kind
    /// One line saying what the option does (the configuration key's summary).
    public let summary: String
    /// Whether a request may set it; the others come from the configuration alone.
    public let requestable: Bool
    /// What a request's value must be, given the options read before it: "a whole number from 1…32".
    let expectation: @Sendable (RerankOptions) -> String
    /// The range an integer takes given the options read before it (a step shorter than the window).
    let range: (@Sendable (RerankOptions) -> ClosedRange<Int>)?
    let setOption: @Sendable (inout RerankOptions, JSONValue) -> Void
    let setConfiguration: @Sendable (inout Configuration.Rerank, JSONValue) -> Void
    let readConfiguration: @Sendable (Configuration.Rerank) -> JSONValue

    /// The configuration key: `rerank.votes`.
    public var key: String { "rerank." + name }

    /// `raw` as this option's value, checked, or nil when it is not one. `options` are a request's options read
    /// so far, where a range depends on them (a step shorter than the window); nil checks the option's own bounds,
    /// as the configuration does.
    public func value(from raw: JSONValue, given options: RerankOptions? = nil) -> JSONValue? {
        switch kind {
        case .integer(let bounds):
            let dependent = options.flatMap { options in range.map { $0(options) } }
            return raw.wholeNumber(in: dependent ?? bounds).map { .number(Double($0)) }
        case .number(let bounds):
            guard case .number(let number) = raw, bounds.contains(number) else { return nil }
            return raw
        case .choice(let names):
            guard let name = raw.stringValue, names.contains(name) else { return nil }
            return .string(name)
        case .flag:
            guard case .bool = raw else { return nil }
            return raw
        case .text(let maxCharacters):
            guard let text = raw.stringValue?.trimmingCharacters(in: .whitespaces), !text.isEmpty, text.count <= maxCharacters else {
                return nil
            }
            return .string(text)
        }
    }

    /// The value written as text (a flag, an environment variable, an eval spec), checked, or nil.
    public func value(fromText text: String, given options: RerankOptions? = nil) -> JSONValue? {
        let raw: JSONValue
        switch kind {
        case .integer, .number:
            guard let number = Double(text.trimmingCharacters(in: .whitespaces)), number.isFinite else { return nil }
            raw = .number(number)
        case .flag:
            guard let flag = Bool(text.trimmingCharacters(in: .whitespaces).lowercased()) else { return nil }
            raw = .bool(flag)
        case .choice, .text:
            raw = .string(text)
        }
        return value(from: raw, given: options)
    }

    /// What a value must be, given the options read so far: "a whole number from 1…32".
    public func expected(given options: RerankOptions = RerankOptions()) -> String {
        expectation(options)
    }

    /// Sets the option in `options` to a value `value(from:)` or `value(fromText:)` returned.
    public func set(_ value: JSONValue, in options: inout RerankOptions) {
        setOption(&options, value)
    }

    /// Sets the option in `options` from a request's value, or throws the error that names it and what fits.
    func decode(_ raw: JSONValue, into options: inout RerankOptions) throws(RequestError) {
        guard let value = value(from: raw, given: options) else {
            throw RequestError(.invalidField, "'options.\(name)' must be \(expectation(options))")
        }
        setOption(&options, value)
    }

    /// Copies the configured value into `options`.
    func copy(from configuration: Configuration.Rerank, into options: inout RerankOptions) {
        setOption(&options, readConfiguration(configuration))
    }

    /// The key of the configuration's key table: the same name, values and bounds.
    var configurationKey: ConfigurationKey {
        let valueKind: ConfigurationValueKind
        var bounds: ClosedRange<Double>?
        switch kind {
        case .integer(let range):
            valueKind = .integer
            bounds = Double(range.lowerBound)...Double(range.upperBound)
        case .number(let range):
            valueKind = .number
            bounds = range
        case .choice(let names): valueKind = .choice(names)
        case .flag: valueKind = .boolean
        case .text: valueKind = .string
        }
        let option = self
        return ConfigurationKey(
            key, valueKind, summary, bounds: bounds,
            check: { value in option.value(from: value) == nil ? "expected \(option.expectation(RerankOptions()))" : nil }
        ) { configuration, value in
            if let checked = option.value(from: value) { option.setConfiguration(&configuration.rerank, checked) }
        } read: {
            option.readConfiguration($0.rerank)
        }
    }
}

extension RankingOption {
    typealias Field<Root, Value> = WritableKeyPath<Root, Value> & Sendable

    static func integer(
        _ name: String, _ field: Field<RerankOptions, Int>, _ configured: Field<Configuration.Rerank, Int>, _ bounds: ClosedRange<Int>,
        _ summary: String, requestable: Bool = true, range: (@Sendable (RerankOptions) -> ClosedRange<Int>)? = nil,
        expectation: (@Sendable (RerankOptions) -> String)? = nil
    ) -> RankingOption {
        RankingOption(
            name: name, kind: .integer(bounds), summary: summary, requestable: requestable,
            expectation: expectation ?? { _ in "a whole number from \(OptionBounds.describe(bounds))" }, range: range,
            setOption: { $0[keyPath: field] = Int($1.number) }, setConfiguration: { $0[keyPath: configured] = Int($1.number) },
            readConfiguration: { .number(Double($0[keyPath: configured])) })
    }

    static func number(
        _ name: String, _ field: Field<RerankOptions, Double>, _ configured: Field<Configuration.Rerank, Double>,
        _ bounds: ClosedRange<Double>, _ summary: String, expectation: String? = nil
    ) -> RankingOption {
        let expected = expectation ?? "a number from \(OptionBounds.describe(bounds))"
        return RankingOption(
            name: name, kind: .number(bounds), summary: summary, requestable: true, expectation: { _ in expected }, range: nil,
            setOption: { $0[keyPath: field] = $1.number }, setConfiguration: { $0[keyPath: configured] = $1.number },
            readConfiguration: { .number($0[keyPath: configured]) })
    }

    static func flag(
        _ name: String, _ field: Field<RerankOptions, Bool>, _ configured: Field<Configuration.Rerank, Bool>, _ summary: String,
        requestable: Bool = true
    ) -> RankingOption {
        RankingOption(
            name: name, kind: .flag, summary: summary, requestable: requestable, expectation: { _ in "true or false" }, range: nil,
            setOption: { options, value in if case .bool(let flag) = value { options[keyPath: field] = flag } },
            setConfiguration: { configuration, value in if case .bool(let flag) = value { configuration[keyPath: configured] = flag } },
            readConfiguration: { .bool($0[keyPath: configured]) })
    }

    static func choice<Value: RawRepresentable & CaseIterable & Sendable>(
        _ name: String, _ field: Field<RerankOptions, Value>, _ configured: Field<Configuration.Rerank, Value>, _ summary: String
    ) -> RankingOption where Value.RawValue == String {
        let names = Value.allCases.map(\.rawValue)
        return RankingOption(
            name: name, kind: .choice(names), summary: summary, requestable: true,
            expectation: { _ in "one of \(names.joined(separator: ", "))" }, range: nil,
            setOption: { options, value in
                if let choice = value.stringValue.flatMap(Value.init(rawValue:)) { options[keyPath: field] = choice }
            },
            setConfiguration: { configuration, value in
                if let choice = value.stringValue.flatMap(Value.init(rawValue:)) { configuration[keyPath: configured] = choice }
            },
            readConfiguration: { .string($0[keyPath: configured].rawValue) })
    }
}
