import ArgumentParser
import Foundation
import LLMClient
import Logging
import RerankCore
import RerankRuntime

/// Options every subcommand that talks to the model shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "A YAML config file (see Config/default.yaml). Also RERANK_AGENT_CONFIG.")
    var config: String?

    @Option(name: .long, help: "The OpenAI-compatible API root, e.g. http://127.0.0.1:8012/v1. Overrides endpoint.base_url.")
    var baseURL: String?

    @Option(name: .long, help: "The model name sent to the endpoint. Overrides endpoint.model.")
    var model: String?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Sets any configuration key, e.g. --set rerank.votes=5. Repeatable.", valueName: "key=value"))
    var settings: [String] = []

    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical. Also RERANK_AGENT_LOG_LEVEL.")
    var logLevel: String?

    func loadConfiguration() throws -> Configuration {
        let environment = ProcessInfo.processInfo.environment
        var overrides: [(key: String, value: String)] = []
        for setting in settings {
            guard let equals = setting.firstIndex(of: "=") else {
                throw ValidationError("--set takes key=value, got '\(setting)'")
            }
            overrides.append((String(setting[..<equals]), String(setting[setting.index(after: equals)...])))
        }
        if let baseURL { overrides.append(("endpoint.base_url", baseURL)) }
        if let model { overrides.append(("endpoint.model", model)) }
        let file = config ?? environment["RERANK_AGENT_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let loader = ConfigurationLoader(environment: environment)
        let configuration = try loader.load(file: file, overrides: overrides)
        for variable in loader.ignoredVariables {
            FileHandle.standardError.write(
                Data(
                    "rerank-agent: warning: \(variable) is not a configuration variable (RERANK_AGENT_ plus a key such as ENDPOINT_MODEL); ignored\n"
                        .utf8))
        }
        return configuration
    }

    func makeLogger() -> Logger {
        let level =
            (logLevel ?? ProcessInfo.processInfo.environment["RERANK_AGENT_LOG_LEVEL"]).flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "rerank-agent")
    }
}

/// Flags that stand for a configuration key take exactly the values the key takes, checked by the key's own
/// bounds: `--concurrency` is refused where `serve.concurrency` would be, before anything starts.
enum FlagBounds {
    static func check(_ value: Int?, flag: String, key: String) throws {
        guard let value, let problem = ConfigurationKey.named(key)?.boundsProblem(Double(value)) else { return }
        throw ValidationError("\(flag): \(problem) (the range of \(key))")
    }
}
