import ArgumentParser
import Foundation
import LLMClient
import Logging
import RerankCore
import RerankRuntime
import ResponseCaching

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
            throw ExitStatus.usage.failure("\(error)")
        } catch let error as PromptTemplateError {
            throw ExitStatus.usage.failure("\(error)")
        }
    }

    var service: RerankService { service(client: client) }

    /// The service over `client`: the endpoint's own client, or one in front of it such as the response cache.
    func service(client: any ChatCompleting) -> RerankService {
        RerankService(
            configuration: configuration, client: client, prompts: prompts, model: endpoint.model, reasonConfiguration: reasonConfiguration,
            logger: logger)
    }
}

extension Runtime {
    /// Looks at the endpoint before the first line: a 401, 403 or 404 stops the command with the message and
    /// exit status 78; an outage is logged and the command goes on (answers degrade until the endpoint is back).
    func checkEndpoint(command: String) async throws {
        switch await client.startupCheck() {
        case .ready:
            return
        case .unreachable(let message):
            logger.error("\(message); lines will be answered degraded until it answers")
        case .misconfigured(let message):
            FileHandle.standardError.write(Data("rerank-agent \(command): \(message)\n".utf8))
            throw ExitStatus.misconfiguredEndpoint.code
        }
    }
}

extension Runtime {
    /// The service for `serve` and `rerank`, answering from the SQLite response cache at `path` when one is given:
    /// a rerun or a retried Spark task then repeats no call that already succeeded. Exit 64 when it cannot be opened.
    func service(responseCache path: String?) throws -> RerankService {
        guard let path else { return service }
        do {
            let cache = try ResponseCache(path: path)
            logger.info("answering from the response cache where it can", metadata: ["cache": "\(path)"])
            return service(client: CachedChatClient(upstream: client, cache: cache, baseURL: endpoint.baseURL, model: endpoint.model))
        } catch {
            throw ExitStatus.usage.failure("cannot open the response cache \(path): \(error); check that its folder is writable")
        }
    }
}
