import Foundation
import RerankRuntime
import Testing

@testable import RerankCore

@Suite("Configuration layers")
struct ConfigurationTests {
    func writeFile(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "rerank-config-\(UUID().uuidString).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("flags beat the environment, which beats the file, which beats the defaults")
    func precedence() throws {
        let file = try writeFile("endpoint:\n  model: from-file\n  max_retries: 5\n  base_url: http://file/v1\nserve:\n  concurrency: 3\n")
        let environment = [
            "RERANK_AGENT_ENDPOINT_MODEL": "from-env", "OPENAI_BASE_URL": "http://openai-env/v1", "RERANK_AGENT_SERVE_CONCURRENCY": "6",
        ]
        let configuration = try ConfigurationLoader(environment: environment).load(file: file, overrides: [("serve.concurrency", "8")])
        #expect(configuration.endpoint.model == "from-env")
        #expect(configuration.endpoint.maxRetries == 5)
        #expect(configuration.endpoint.baseURL == "http://openai-env/v1")
        #expect(configuration.serve.concurrency == 8)
        #expect(configuration.rerank.votes == 1)
    }

    @Test("a whole number too large for an integer is an error naming the key, from the file or the environment")
    func integerPastRange() throws {
        let file = try writeFile("serve:\n  concurrency: 1e300\n")
        #expect {
            try ConfigurationLoader(environment: [:]).load(file: file)
        } throws: { error in
            (error as? ConfigurationError)?.key == "serve.concurrency"
        }
        #expect {
            try ConfigurationLoader(environment: ["RERANK_AGENT_REASONS_MIN_WORDS": "9223372036854775807"]).load(file: nil)
        } throws: { error in
            (error as? ConfigurationError)?.key == "reasons.min_words"
        }
    }

    @Test("RERANK_AGENT_ENDPOINT_BASE_URL beats OPENAI_BASE_URL")
    func specificVariableWins() throws {
        let environment = ["OPENAI_BASE_URL": "http://generic/v1", "RERANK_AGENT_ENDPOINT_BASE_URL": "http://specific/v1"]
        #expect(try ConfigurationLoader(environment: environment).load(file: nil).endpoint.baseURL == "http://specific/v1")
    }

    @Test("an unknown key is an error naming the key")
    func unknownKey() throws {
        let file = try writeFile("endpoint:\n  modle: x\n")
        #expect {
            try ConfigurationLoader(environment: [:]).load(file: file)
        } throws: { error in
            (error as? ConfigurationError)?.key == "endpoint.modle"
        }
    }

    @Test("a wrong type is an error naming the key and what fits")
    func wrongType() throws {
        let file = try writeFile("serve:\n  concurrency: lots\n")
        #expect {
            try ConfigurationLoader(environment: [:]).load(file: file)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.key == "serve.concurrency" && error.message.contains("whole number")
        }
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: ["RERANK_AGENT_RERANK_STRUCTURED_OUTPUT": "maybe"]).load(file: nil)
        }
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: ["RERANK_AGENT_ENDPOINT_MODLE": "1"]).load(file: nil)
        }
    }

    @Test("a variable naming a known section must be a key; other RERANK_AGENT_ variables are listed as ignored, Kubernetes' silently")
    func unknownVariables() throws {
        #expect {
            try ConfigurationLoader(environment: ["RERANK_AGENT_SERVE_CONCURENCY": "4"]).load(file: nil)
        } throws: { error in
            (error as? ConfigurationError)?.key == "RERANK_AGENT_SERVE_CONCURENCY"
        }
        let environment = [
            "RERANK_AGENT_BIN": "/usr/local/bin/rerank-agent", "RERANK_AGENT_NOT_A_KEY": "1",
            "RERANK_AGENT_SERVICE_HOST": "10.0.0.7", "RERANK_AGENT_SERVICE_PORT": "8080", "RERANK_AGENT_SERVICE_PORT_HTTP": "8080",
            "RERANK_AGENT_PORT": "tcp://10.0.0.7:8080", "RERANK_AGENT_PORT_8080_TCP": "tcp://10.0.0.7:8080",
            "RERANK_AGENT_PORT_8080_TCP_ADDR": "10.0.0.7", "RERANK_AGENT_SERVE_SERVICE_HOST": "10.0.0.8",
            "RERANK_AGENT_SERVE_CONCURRENCY": "6",
        ]
        let loader = ConfigurationLoader(environment: environment)
        let configuration = try loader.load(file: nil)
        #expect(configuration.serve.concurrency == 6)
        // RERANK_AGENT_BIN is the recipes' own variable: reserved, neither an error nor a warning.
        #expect(loader.ignoredVariables == ["RERANK_AGENT_NOT_A_KEY"])
    }

    @Test("Config/default.yaml parses to exactly the built-in defaults")
    func shippedDefaults() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Config/default.yaml").path
        let loaded = try ConfigurationLoader(environment: [:]).load(file: path)
        #expect(loaded == Configuration())
    }

    @Test("the API key is read from the variable the configuration names")
    func apiKeyVariable() throws {
        let configuration = try ConfigurationLoader(environment: [:]).load(file: nil, overrides: [("endpoint.api_key_env", "MY_KEY")])
        let endpoint = configuration.endpointConfiguration(baseURL: "http://x/v1", environment: ["MY_KEY": "sk-test-1234567890"])
        #expect(endpoint.apiKey == "sk-test-1234567890")
        #expect(endpoint.apiKeyVariable == "MY_KEY")
    }

    @Test("reward weights and creative defaults come from the file, lists from a comma-separated variable")
    func rewardAndCreatives() throws {
        let file = try writeFile(
            "reward:\n  relevance: 0.9\n  self_bleu: 0\ncreatives:\n  headline_max_chars: 25\n  banned_terms: [free, guaranteed]\n")
        let environment = ["RERANK_AGENT_CREATIVES_REQUIRED_TERMS": "Acme, Acme Pro"]
        let configuration = try ConfigurationLoader(environment: environment).load(file: file)
        #expect(configuration.reward.weights.relevance == 0.9)
        #expect(configuration.reward.weights.selfBLEU == 0)
        #expect(configuration.creatives.headlineMaxChars == 25)
        #expect(configuration.creatives.bannedTerms == ["free", "guaranteed"])
        #expect(configuration.creatives.requiredTerms == ["Acme", "Acme Pro"])
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: [:]).load(file: try writeFile("creatives:\n  banned_terms: 3\n"))
        }
    }

    @Test("Config/default.yaml documents exactly the keys of the table, each with its built-in default")
    func shippedKeysMatchTheTable() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Config/default.yaml").path
        let entries = try ConfigurationLoader.entries(yaml: try String(contentsOfFile: path, encoding: .utf8), path: path)
        #expect(entries.map(\.0).sorted() == ConfigurationKey.all.map(\.name).sorted())
        #expect(Set(ConfigurationKey.all.map(\.name)).count == ConfigurationKey.all.count)
        for (name, value) in entries {
            guard let key = ConfigurationKey.named(name) else { continue }
            #expect(try ConfigurationLoader.coerce(value, to: key.kind, key: name, source: path) == key.defaultValue, "\(name)")
        }
    }

    @Test("every key is set by the environment variable the table names for it")
    func environmentVariableNames() throws {
        #expect(ConfigurationKey.named("endpoint.base_url")?.environmentVariable == "RERANK_AGENT_ENDPOINT_BASE_URL")
        for key in ConfigurationKey.all {
            #expect(ConfigurationLoader.key(forVariable: key.environmentVariable)?.name == key.name)
        }
    }

    @Test("anchors and merge keys are read as YAML defines them; an unquoted number is not a string")
    func yamlMergeKeys() throws {
        let yaml = "creatives: &rules\n  max_word_repeats: 3\n  echo_max_share: 0.5\nreasons:\n  <<: *rules\n  echo_max_share: 0.9\n"
        let merged = try ConfigurationLoader(environment: [:]).load(yaml: yaml, path: "inline")
        #expect(merged.creatives.maxWordRepeats == 3 && merged.creatives.echoMaxShare == 0.5)
        #expect(merged.reasons.maxWordRepeats == 3 && merged.reasons.echoMaxShare == 0.9)
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader(environment: [:]).load(yaml: "endpoint:\n  model: 3\n", path: "inline")
        }
        #expect(try ConfigurationLoader(environment: [:]).load(yaml: "endpoint:\n  model: \"3\"\n", path: "inline").endpoint.model == "3")
    }

    @Test(
        "a configuration value outside the range a request may send is refused, naming the key and the range",
        arguments: [
            ("rerank.votes", "1000", "1…32"), ("rerank.window", "1", "2…100"), ("rerank.window", "101", "2…100"),
            ("rerank.temperature", "2.5", "0…2"), ("rerank.set_size", "21", "2…20"), ("rerank.set_size", "1", "2…20"),
            ("rerank.top_k", "0", "1…200"), ("rerank.fusion", "1.5", "0…1"), ("serve.concurrency", "5000", "1…4096"),
            ("serve.concurrency", "0", "1…4096"),
        ])
    func outOfRequestRange(key: String, value: String, range: String) throws {
        for load in [
            { try ConfigurationLoader(environment: [:]).load(yaml: nil, path: "-", overrides: [(key, value)]) },
            {
                try ConfigurationLoader(environment: [ConfigurationKey.named(key)?.environmentVariable ?? "": value]).load(
                    yaml: nil, path: "-")
            },
        ] {
            #expect {
                _ = try load()
            } throws: { error in
                guard let error = error as? ConfigurationError else { return false }
                return error.key == key && error.message.contains("is out of range \(range)")
            }
        }
        // The ends of each range are accepted, as a request's are.
        let bounds = try #require(ConfigurationKey.named(key)?.bounds)
        for end in [bounds.lowerBound, bounds.upperBound] {
            _ = try ConfigurationLoader(environment: [:]).load(yaml: nil, path: "-", overrides: [(key, OptionBounds.number(end))])
        }
    }

    @Test("the ranges of the configuration keys and of the request options are the same ranges")
    func rangesAgree() throws {
        var limits = RequestLimits()
        limits.maxCallsPerRequest = 1_000_000
        let decoder = RequestDecoder(limits: limits)
        for (key, option) in [
            ("rerank.votes", "votes"), ("rerank.window", "window"), ("rerank.temperature", "temperature"),
            ("rerank.set_size", "set_size"), ("rerank.top_k", "top_k"), ("rerank.fusion", "fusion"),
        ] {
            let bounds = try #require(ConfigurationKey.named(key)?.bounds, "\(key)")
            for (value, accepted) in [(bounds.lowerBound, true), (bounds.upperBound, true), (bounds.upperBound + 1, false)] {
                let line =
                    #"{"id":"a","candidates":[{"id":"x","title":"A"},{"id":"y","title":"B"}],"options":{"\#(option)":\#(OptionBounds.number(value))}}"#
                let decoded = decoder.decode(line: Data(line.utf8))
                if case .success = decoded { #expect(accepted, "\(option) \(value)") } else { #expect(!accepted, "\(option) \(value)") }
            }
        }
    }

    @Test("a YAML alias bomb is refused before it is expanded, naming the limit")
    func aliasBomb() throws {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = level == 1 ? "a" : "l\(level - 1)"
            yaml += "l\(level): &l\(level) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect {
            _ = try ConfigurationLoader(environment: [:]).load(yaml: yaml, path: "bomb.yaml")
        } throws: { error in
            (error as? ConfigurationError)?.message.contains("more than \(ConfigurationLoader.maxExpandedValues) values") == true
        }
        // Merge keys, the one use of aliases a config file has, still work.
        let merged = "creatives: &rules\n  max_word_repeats: 3\nreasons:\n  <<: *rules\n"
        #expect(try ConfigurationLoader(environment: [:]).load(yaml: merged, path: "merge.yaml").reasons.maxWordRepeats == 3)
    }

    @Test("a config file past the size limit is refused before it is read")
    func hugeFile() throws {
        let path = try writeFile("# " + String(repeating: "x", count: ConfigurationLoader.maxFileBytes) + "\n")
        #expect {
            _ = try ConfigurationLoader(environment: [:]).load(file: path)
        } throws: { error in
            (error as? ConfigurationError)?.message.contains("more than") == true
        }
    }

    @Test("the call count of options past every range saturates instead of trapping")
    func costSaturates() {
        var options = RerankOptions(strategy: .listwise, votes: 1 << 53, reask: true, window: 2, step: 1)
        options.scoring = .logits
        #expect(RequestCost.maxCalls(candidates: 343, options: options) == Int.max)
        var setwise = RerankOptions(strategy: .setwise, votes: Int.max)
        setwise.topK = Int.max
        #expect(RequestCost.maxCalls(candidates: 200, options: setwise) == Int.max)
        #expect(RequestCost.maxCalls(candidates: Int.max, options: RerankOptions(strategy: .pairwise)) == Int.max)
    }

    @Test("each ranking option is declared once: its configuration key, its request option and its default come from one entry")
    func rankingOptionTable() throws {
        for option in RankingOption.all {
            let key = try #require(ConfigurationKey.named(option.key), "\(option.key)")
            #expect(key.summary == option.summary)
            #expect(RequestDecoder.optionFields.contains(option.name) == option.requestable, "\(option.name)")
        }
        // A configured value is the default of every request.
        let overrides = [("rerank.votes", "7"), ("rerank.domain", "books"), ("rerank.scoring", "logits"), ("rerank.seed", "42")]
        let options = try ConfigurationLoader(environment: [:]).load(yaml: nil, path: "-", overrides: overrides).defaultOptions
        #expect(options.votes == 7 && options.domain == "books" && options.scoring == .logits && options.seed == 42)
        // A range that depends on another option in a request (a step shorter than its window) is the option's
        // own range in the configuration, whose window may be set anywhere.
        let wide = try ConfigurationLoader(environment: [:]).load(
            yaml: nil, path: "-", overrides: [("rerank.window", "50"), ("rerank.step", "30")])
        #expect(wide.defaultOptions.step == 30)
        // The entry's own check holds for the configuration as for a request: a domain is a short noun.
        #expect {
            _ = try ConfigurationLoader(environment: [:]).load(
                yaml: nil, path: "-", overrides: [("rerank.domain", String(repeating: "x", count: 41))])
        } throws: { error in
            (error as? ConfigurationError)?.key == "rerank.domain"
        }
    }
}
