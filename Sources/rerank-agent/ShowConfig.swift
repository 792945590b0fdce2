import ArgumentParser
import Foundation
import LLMClient
import RerankCore
import RerankRuntime

/// `rerank-agent config`: the build, then every configuration key with the value in effect.
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
        let environment = ProcessInfo.processInfo.environment
        for key in ConfigurationKey.all {
            print("\(key.name): \(Self.shownValue(of: key, in: configuration, installation: installation, environment: environment))")
        }
    }

    /// The value as printed: credentials out of the base URL, header values hidden, and what the unset and
    /// derived values resolve to (the local server, whether the key is set, the token field sent, the prompts folder).
    static func shownValue(
        of key: ConfigurationKey, in configuration: Configuration, installation: Installation, environment: [String: String]
    ) -> String {
        switch key.name {
        case "endpoint.base_url":
            return configuration.endpoint.baseURL.map { Redactor.redactingURLCredentials($0) } ?? "(local) \(installation.localBaseURL)"
        case "endpoint.api_key_env":
            let keySet = environment[configuration.endpoint.apiKeyEnv].map { !$0.isEmpty } ?? false
            return "\(configuration.endpoint.apiKeyEnv) (\(keySet ? "set" : "not set"))"
        case "endpoint.headers":
            return "{" + configuration.endpoint.headers.keys.sorted().map { "\($0): (not shown)" }.joined(separator: ", ") + "}"
        case "endpoint.max_tokens_field":
            let baseURL = configuration.endpoint.baseURL ?? installation.localBaseURL
            let sent = EndpointConfiguration.resolvedMaxTokensField(configuration.endpoint.maxTokensField, baseURL: baseURL)
            return "\(configuration.endpoint.maxTokensField) (sends \(sent))"
        case "prompts.directory":
            return configuration.promptsDirectory ?? installation.promptsDirectory ?? "(not found)"
        default:
            return key.displayValue(in: configuration)
        }
    }
}
