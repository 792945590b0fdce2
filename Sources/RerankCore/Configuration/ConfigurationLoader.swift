import Foundation
import LLMClient
import Yams

/// Builds a `Configuration` from its layers: flags > environment > config file > defaults.
///
/// Every key is written `section.name` (as in Config/default.yaml). The environment sets a key as
/// `RERANK_AGENT_SECTION_NAME` (`RERANK_AGENT_ENDPOINT_BASE_URL`); `OPENAI_BASE_URL` also sets
/// `endpoint.base_url`, below the specific variable. An unknown key or a value of the wrong type is an error.
public struct ConfigurationLoader: Sendable {
    /// The kinds of value a key takes.
    enum Kind: Sendable {
        case string, optionalString, integer, number, boolean, stringMap, jsonMap, stringList
        case choice([String])
    }

    struct Key: Sendable {
        let name: String
        let kind: Kind
        let apply: @Sendable (inout Configuration, JSONValue) -> Void
    }

    static let keys: [Key] = [
        Key(name: "endpoint.base_url", kind: .optionalString) { $0.endpoint.baseURL = $1.stringValue },
        Key(name: "endpoint.model", kind: .string) { $0.endpoint.model = $1.stringValue ?? "" },
        Key(name: "endpoint.api_key_env", kind: .string) { $0.endpoint.apiKeyEnv = $1.stringValue ?? "" },
        Key(name: "endpoint.headers", kind: .stringMap) { config, value in
            config.endpoint.headers = (value.objectValue ?? [:]).mapValues(\.plainText)
        },
        Key(name: "endpoint.extra_body", kind: .jsonMap) { $0.endpoint.extraBody = $1.objectValue ?? [:] },
        Key(name: "endpoint.connect_timeout_s", kind: .number) { $0.endpoint.connectTimeoutSeconds = $1.number },
        Key(name: "endpoint.request_timeout_s", kind: .number) { $0.endpoint.requestTimeoutSeconds = $1.number },
        Key(name: "endpoint.max_retries", kind: .integer) { $0.endpoint.maxRetries = Int($1.number) },
        Key(name: "endpoint.retry_after_cap_s", kind: .number) { $0.endpoint.retryAfterCapSeconds = $1.number },
        Key(name: "endpoint.max_concurrent_calls", kind: .integer) { $0.endpoint.maxConcurrentCalls = Int($1.number) },
        Key(name: "endpoint.max_response_bytes", kind: .integer) { $0.endpoint.maxResponseBytes = Int.clamped($1.number, to: 1024...(1 << 40)) },
        Key(name: "endpoint.max_tokens_field", kind: .choice(["auto", "max_tokens", "max_completion_tokens"])) { $0.endpoint.maxTokensField = $1.stringValue ?? "auto" },
        Key(name: "serve.concurrency", kind: .integer) { $0.serve.concurrency = Int($1.number) },
        Key(name: "serve.max_line_bytes", kind: .integer) { $0.serve.maxLineBytes = Int($1.number) },
        Key(name: "serve.max_candidates", kind: .integer) { $0.serve.maxCandidates = Int($1.number) },
        Key(name: "serve.max_history", kind: .integer) { $0.serve.maxHistory = Int($1.number) },
        Key(name: "serve.max_title_chars", kind: .integer) { $0.serve.maxTitleChars = Int($1.number) },
        Key(name: "serve.max_prompt_tokens", kind: .integer) { $0.serve.maxPromptTokens = Int($1.number) },
        Key(name: "serve.shutdown_grace_s", kind: .number) { $0.serve.shutdownGraceSeconds = $1.number },
        Key(name: "serve.max_calls_per_request", kind: .integer) { $0.serve.maxCallsPerRequest = Int.clamped($1.number, to: 1...1_000_000) },
        Key(name: "serve.max_profiles", kind: .integer) { $0.serve.maxProfiles = max(1, Int($1.number)) },
        Key(name: "serve.max_attributes", kind: .integer) { $0.serve.maxAttributes = Int($1.number) },
        Key(name: "serve.max_attribute_chars", kind: .integer) { $0.serve.maxAttributeChars = max(1, Int($1.number)) },
        Key(name: "serve.max_text_chars", kind: .integer) { $0.serve.maxTextChars = Int($1.number) },
        Key(name: "rerank.prompt", kind: .choice(PromptFamily.allCases.map(\.rawValue))) { config, value in
            config.rerank.prompt = PromptFamily(rawValue: value.stringValue ?? "") ?? .sequential
        },
        Key(name: "rerank.strategy", kind: .choice(RankingStrategy.allCases.map(\.rawValue))) { config, value in
            config.rerank.strategy = RankingStrategy(rawValue: value.stringValue ?? "") ?? .listwise
        },
        Key(name: "rerank.votes", kind: .integer) { $0.rerank.votes = Int($1.number) },
        Key(name: "rerank.aggregation", kind: .choice(VoteAggregation.allCases.map(\.rawValue))) { config, value in
            config.rerank.aggregation = VoteAggregation(rawValue: value.stringValue ?? "") ?? .borda
        },
        Key(name: "rerank.seed", kind: .integer) { $0.rerank.seed = UInt64(max(0, $1.number)) },
        Key(name: "rerank.temperature", kind: .number) { $0.rerank.temperature = $1.number },
        Key(name: "rerank.structured_output", kind: .boolean) { config, value in
            if case .bool(let flag) = value { config.rerank.structuredOutput = flag }
        },
        Key(name: "rerank.fusion", kind: .number) { $0.rerank.fusion = min(1, $1.number) },
        Key(name: "rerank.reask", kind: .boolean) { config, value in
            if case .bool(let flag) = value { config.rerank.reask = flag }
        },
        Key(name: "rerank.window", kind: .integer) { $0.rerank.window = max(2, Int($1.number)) },
        Key(name: "rerank.step", kind: .integer) { $0.rerank.step = max(1, Int($1.number)) },
        Key(name: "rerank.max_answer_tokens", kind: .integer) { $0.rerank.maxAnswerTokens = Int($1.number) },
        Key(name: "rerank.warm_votes", kind: .boolean) { config, value in
            if case .bool(let flag) = value { config.rerank.warmVotes = flag }
        },
        Key(name: "rerank.vote_concurrency", kind: .integer) { $0.rerank.voteConcurrency = max(0, Int($1.number)) },
        Key(name: "rerank.domain", kind: .string) { $0.rerank.domain = $1.stringValue ?? "movies" },
        Key(name: "rerank.scoring", kind: .choice(ScoringMode.allCases.map(\.rawValue))) { config, value in
            config.rerank.scoring = ScoringMode(rawValue: value.stringValue ?? "") ?? .generate
        },
        Key(name: "rerank.set_size", kind: .integer) { $0.rerank.setSize = min(FirstTokenLabels.maxLabels, max(2, Int($1.number))) },
        Key(name: "rerank.top_k", kind: .integer) { $0.rerank.topK = min(200, max(1, Int($1.number))) },
        Key(name: "rerank.fusion_mode", kind: .choice(FusionMode.allCases.map(\.rawValue))) { config, value in
            config.rerank.fusionMode = FusionMode(rawValue: value.stringValue ?? "") ?? .rank
        },
        Key(name: "prompts.directory", kind: .optionalString) { $0.promptsDirectory = $1.stringValue },
        Key(name: "reward.relevance", kind: .number) { $0.reward.relevance = $1.number },
        Key(name: "reward.ild", kind: .number) { $0.reward.ild = $1.number },
        Key(name: "reward.coverage", kind: .number) { $0.reward.coverage = $1.number },
        Key(name: "reward.distinct2", kind: .number) { $0.reward.distinct2 = $1.number },
        Key(name: "reward.self_bleu", kind: .number) { $0.reward.selfBLEU = $1.number },
        Key(name: "creatives.count", kind: .integer) { $0.creatives.count = max(1, Int($1.number)) },
        Key(name: "creatives.candidates", kind: .integer) { $0.creatives.candidates = max(1, Int($1.number)) },
        Key(name: "creatives.headline_max_chars", kind: .integer) { $0.creatives.headlineMaxChars = max(1, Int($1.number)) },
        Key(name: "creatives.description_max_chars", kind: .integer) { $0.creatives.descriptionMaxChars = max(1, Int($1.number)) },
        Key(name: "creatives.max_rounds", kind: .integer) { $0.creatives.maxRounds = min(10, max(1, Int($1.number))) },
        Key(name: "creatives.banned_terms", kind: .stringList) { $0.creatives.bannedTerms = $1.stringList },
        Key(name: "creatives.required_terms", kind: .stringList) { $0.creatives.requiredTerms = $1.stringList },
        Key(name: "creatives.lambda", kind: .number) { $0.creatives.lambda = min(1, $1.number) },
        Key(name: "creatives.temperature", kind: .number) { $0.creatives.temperature = min(2, $1.number) },
        Key(name: "creatives.skip_rules", kind: .stringList) { $0.creatives.skipRules = $1.stringList },
        Key(name: "creatives.max_word_repeats", kind: .integer) { $0.creatives.maxWordRepeats = max(1, Int($1.number)) },
        Key(name: "creatives.echo_max_share", kind: .number) { $0.creatives.echoMaxShare = min(1, $1.number) },
        Key(name: "reasons.require_grounding", kind: .boolean) { config, value in
            if case .bool(let flag) = value { config.reasons.requireGrounding = flag }
        },
        Key(name: "reasons.min_words", kind: .integer) { $0.reasons.minWords = min(50, Int($1.number)) },
        Key(name: "reasons.max_rounds", kind: .integer) { $0.reasons.maxRounds = min(10, max(1, Int($1.number))) },
        Key(name: "reasons.skip_rules", kind: .stringList) { $0.reasons.skipRules = $1.stringList },
        Key(name: "reasons.max_word_repeats", kind: .integer) { $0.reasons.maxWordRepeats = max(1, Int($1.number)) },
        Key(name: "reasons.echo_max_share", kind: .number) { $0.reasons.echoMaxShare = min(1, $1.number) },
    ]

    /// Environment variables of this prefix that are not configuration keys (read by the scripts).
    static let reservedVariables: Set<String> = [
        "RERANK_AGENT_HOME", "RERANK_AGENT_CACHE", "RERANK_AGENT_CONFIG", "RERANK_AGENT_SERVER_PORT",
        "RERANK_AGENT_SERVER_PARALLEL", "RERANK_AGENT_LOG_LEVEL", "RERANK_AGENT_SERVER_CONTEXT",
        "RERANK_AGENT_LOCAL_MODEL", "RERANK_AGENT_BIN", "RERANK_AGENT_SETUP_LOCAL_MODEL",
        "RERANK_AGENT_BINARY",  // the binary the Python package starts
    ]

    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// - Parameters:
    ///   - file: a YAML config file, if any.
    ///   - overrides: `key=value` settings from flags, highest precedence.
    public func load(file: String?, overrides: [(key: String, value: String)] = []) throws -> Configuration {
        var configuration = Configuration()
        if let file {
            for (key, value) in try Self.readFile(file) {
                try apply(key: key, value: value, source: "config file \(file)", to: &configuration)
            }
        }
        if let base = environment["OPENAI_BASE_URL"], !base.isEmpty {
            try apply(key: "endpoint.base_url", value: .string(base), source: "environment OPENAI_BASE_URL", to: &configuration)
        }
        for variable in environment.keys.sorted() where variable.hasPrefix("RERANK_AGENT_") && !Self.reservedVariables.contains(variable) {
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
            variable.hasPrefix("RERANK_AGENT_") && !Self.reservedVariables.contains(variable) && Self.key(forVariable: variable) == nil
                && !Self.namesKnownSection(variable) && !Self.isKubernetesServiceVariable(variable)
        }
    }

    /// True for `RERANK_AGENT_ENDPOINT_…`, `RERANK_AGENT_SERVE_…` and the other sections of the key table.
    static func namesKnownSection(_ variable: String) -> Bool {
        let suffix = variable.dropFirst("RERANK_AGENT_".count).lowercased()
        return Set(keys.compactMap { $0.name.split(separator: ".").first.map(String.init) }).contains { suffix.hasPrefix($0 + "_") }
    }

    /// What Kubernetes injects for a Service named rerank-agent(-…): `…_SERVICE_HOST`, `…_SERVICE_PORT(_NAME)`,
    /// `…_PORT` and `…_PORT_<number>_<protocol>(_PROTO|_PORT|_ADDR)`.
    static func isKubernetesServiceVariable(_ variable: String) -> Bool {
        if variable.hasSuffix("_SERVICE_HOST") || variable.hasSuffix("_SERVICE_PORT") || variable.contains("_SERVICE_PORT_") || variable.hasSuffix("_PORT") {
            return true
        }
        return variable.contains(/_PORT_[0-9]+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?$/)
    }

    static func key(forVariable variable: String) -> Key? {
        let suffix = variable.dropFirst("RERANK_AGENT_".count).lowercased()
        return keys.first { $0.name.replacingOccurrences(of: ".", with: "_") == suffix }
    }

    /// Flattens a YAML file into dotted keys; mapping-valued keys keep their mapping.
    static func readFile(_ path: String) throws -> [(String, JSONValue)] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: "-", source: path, message: "the config file cannot be read")
        }
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: String(decoding: data, as: UTF8.self))
        } catch {
            throw ConfigurationError(key: "-", source: path, message: "not valid YAML: \(error)")
        }
        guard let loaded else { return [] }
        guard let root = loaded as? [String: Any] else {
            throw ConfigurationError(key: "-", source: path, message: "the top level must be a mapping of sections")
        }
        let mapKeys = Set(keys.filter { if case .stringMap = $0.kind { return true }; if case .jsonMap = $0.kind { return true }; return false }.map(\.name))
        var result: [(String, JSONValue)] = []
        func walk(_ value: Any, prefix: String) throws {
            if let mapping = value as? [String: Any], !mapKeys.contains(prefix) {
                for name in mapping.keys.sorted() {
                    try walk(mapping[name] as Any, prefix: prefix.isEmpty ? name : "\(prefix).\(name)")
                }
            } else {
                result.append((prefix, try json(from: value, key: prefix, path: path)))
            }
        }
        try walk(root, prefix: "")
        return result
    }

    static func json(from value: Any, key: String, path: String) throws -> JSONValue {
        switch value {
        case is NSNull: return .null
        case let flag as Bool: return .bool(flag)
        case let number as Int: return .number(Double(number))
        case let number as Double: return .number(number)
        case let text as String: return .string(text)
        case let array as [Any]: return .array(try array.map { try json(from: $0, key: key, path: path) })
        case let mapping as [String: Any]:
            return .object(try mapping.mapValues { try json(from: $0, key: key, path: path) })
        case Optional<Any>.none: return .null
        default: throw ConfigurationError(key: key, source: path, message: "unsupported value \(value)")
        }
    }

    private func apply(key name: String, value: JSONValue, source: String, to configuration: inout Configuration) throws {
        guard let key = Self.keys.first(where: { $0.name == name }) else {
            let known = Self.keys.map(\.name).joined(separator: ", ")
            throw ConfigurationError(key: name, source: source, message: "unknown key; known keys are \(known)")
        }
        key.apply(&configuration, try Self.coerce(value, to: key.kind, key: name, source: source))
    }

    /// Strings from flags and the environment become the key's type; values from YAML must already be it.
    static func coerce(_ value: JSONValue, to kind: Kind, key: String, source: String) throws -> JSONValue {
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
            if case .number(let number) = value, number.rounded() == number, number >= 0 { return value }
            if case .string(let text) = value, let number = Int(text.trimmingCharacters(in: .whitespaces)), number >= 0 {
                return .number(Double(number))
            }
            throw fail("a whole number of at least 0")
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
                return .array(text.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 != .string("") })
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
