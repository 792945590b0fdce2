import ArgumentParser
import Foundation
import LLMClient
import Logging
import RerankCore

/// Options every subcommand that talks to the model shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "A YAML config file (see Config/default.yaml). Also RERANK_AGENT_CONFIG.")
    var config: String?

    @Option(name: .long, help: "The OpenAI-compatible API root, e.g. http://127.0.0.1:8012/v1. Overrides endpoint.base_url.")
    var baseURL: String?

    @Option(name: .long, help: "The model name sent to the endpoint. Overrides endpoint.model.")
    var model: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Sets any configuration key, e.g. --set rerank.votes=5. Repeatable.", valueName: "key=value"))
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
            FileHandle.standardError.write(Data("rerank-agent: warning: \(variable) is not a configuration variable (RERANK_AGENT_ plus a key such as ENDPOINT_MODEL); ignored\n".utf8))
        }
        return configuration
    }

    func makeLogger() -> Logger {
        let level = (logLevel ?? ProcessInfo.processInfo.environment["RERANK_AGENT_LOG_LEVEL"]).flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "rerank-agent")
    }
}

/// The pieces a running command needs, built once from the configuration.
struct Runtime {
    let configuration: Configuration
    let endpoint: EndpointConfiguration
    let prompts: PromptLibrary
    let client: ChatClient
    let logger: Logger
    /// The reasons section, checked once: serve's reasons and the reasons command start from it.
    let reasonConfiguration: ReasonConfiguration

    init(options: CommonOptions) throws {
        logger = options.makeLogger()
        configuration = try options.loadConfiguration()
        reasonConfiguration = try configuration.reasonConfiguration()
        _ = try configuration.creativeTextRules()
        let installation = Installation()
        let environment = ProcessInfo.processInfo.environment
        let baseURL = configuration.endpoint.baseURL ?? installation.localBaseURL
        endpoint = configuration.endpointConfiguration(baseURL: baseURL, environment: environment)
        guard let promptsDirectory = configuration.promptsDirectory ?? installation.promptsDirectory else {
            throw ValidationError("cannot find the Prompts folder; set prompts.directory or RERANK_AGENT_HOME to the rerank-agent folder")
        }
        // A custom folder overrides the shipped templates it holds; the rest come from Prompts/.
        let fallback = installation.promptsDirectory.flatMap { $0 == promptsDirectory ? nil : $0 }
        prompts = try PromptLibrary(directory: promptsDirectory, fallback: fallback)
        client = ChatClient(endpoint: endpoint, logger: Logger(label: "rerank-agent.llm"))
    }

    /// The runtime, or exit status 64 with the configuration or template problem on stderr.
    static func start(_ options: CommonOptions) throws -> Runtime {
        do {
            return try Runtime(options: options)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("rerank-agent: \(error)\n".utf8))
            throw ExitCode(64)
        } catch let error as PromptTemplateError {
            FileHandle.standardError.write(Data("rerank-agent: \(error)\n".utf8))
            throw ExitCode(64)
        }
    }

    var service: RerankService { service(client: client) }

    /// The service over `client`: the endpoint's own client, or one in front of it such as the response cache.
    func service(client: any ChatCompleting) -> RerankService {
        RerankService(configuration: configuration, client: client, prompts: prompts, model: endpoint.model, reasonConfiguration: reasonConfiguration, logger: logger)
    }
}
