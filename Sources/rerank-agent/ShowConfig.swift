import ArgumentParser
import Foundation
import LLMClient
import RerankCore
import RerankRuntime

struct ShowConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Prints the configuration in effect after flags, environment and config file are applied."
    )

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let configuration = try options.loadConfiguration()
        let installation = Installation()
        let build = BuildInfo(installation: installation)
        print("version: \(build.version)")
        print("commit: \(build.commit ?? "unknown")")
        print("local_model_sha256: \(build.localModelSHA256 ?? "not recorded")")
        print("endpoint.base_url: \(configuration.endpoint.baseURL.map { Redactor.redactingURLCredentials($0) } ?? "(local) \(installation.localBaseURL)")")
        print("endpoint.model: \(configuration.endpoint.model)")
        let keySet = ProcessInfo.processInfo.environment[configuration.endpoint.apiKeyEnv].map { !$0.isEmpty } ?? false
        print("endpoint.api_key_env: \(configuration.endpoint.apiKeyEnv) (\(keySet ? "set" : "not set"))")
        print("endpoint.max_concurrent_calls: \(configuration.endpoint.maxConcurrentCalls)")
        print("endpoint.request_timeout_s: \(configuration.endpoint.requestTimeoutSeconds)")
        print("endpoint.max_retries: \(configuration.endpoint.maxRetries)")
        let baseURL = configuration.endpoint.baseURL ?? installation.localBaseURL
        print("endpoint.max_tokens_field: \(configuration.endpoint.maxTokensField) (sends \(EndpointConfiguration.resolvedMaxTokensField(configuration.endpoint.maxTokensField, baseURL: baseURL)))")
        print("serve.concurrency: \(configuration.serve.concurrency)")
        print("rerank.prompt: \(configuration.rerank.prompt.rawValue)")
        print("rerank.strategy: \(configuration.rerank.strategy.rawValue)")
        print("rerank.votes: \(configuration.rerank.votes)")
        print("rerank.warm_votes: \(configuration.rerank.warmVotes)")
        print("rerank.vote_concurrency: \(configuration.rerank.voteConcurrency)")
        print("rerank.scoring: \(configuration.rerank.scoring.rawValue)")
        print("rerank.set_size: \(configuration.rerank.setSize)")
        print("rerank.top_k: \(configuration.rerank.topK)")
        print("rerank.fusion_mode: \(configuration.rerank.fusionMode.rawValue)")
        print("prompts.directory: \(configuration.promptsDirectory ?? installation.promptsDirectory ?? "(not found)")")
    }
}
