import LLMClient
import Logging

/// The one way `serve`, `rerank` and `eval` build the service, so they rank alike under one configuration.
extension RerankService {
    /// The service over `client` with the configured prompt budget and profile cache; `reasonConfiguration` is
    /// the configuration's reasons section, checked once by the caller (`Configuration.reasonConfiguration()`).
    public init(
        configuration: Configuration, client: any ChatCompleting, prompts: PromptLibrary, model: String,
        reasonConfiguration: ReasonConfiguration = ReasonConfiguration(), logger: Logger = Logger(label: "rerank-agent")
    ) {
        self.init(
            client: client, prompts: prompts, model: model, maxPromptTokens: configuration.serve.maxPromptTokens,
            reasonConfiguration: reasonConfiguration, logger: logger, maxProfiles: configuration.serve.maxProfiles)
    }
}
