import JSONLines
import LLMClient

/// Everything rerank-agent can be told, with the defaults documented in Config/default.yaml.
public struct Configuration: Sendable, Hashable {
    public struct Endpoint: Sendable, Hashable {
        /// nil: the local llama-server started by scripts/llama-server.sh.
        public var baseURL: String?
        public var model = "SmolLM2-135M-Instruct"
        public var apiKeyEnv = "OPENAI_API_KEY"
        public var headers: [String: String] = [:]
        public var extraBody: [String: JSONValue] = [:]
        public var connectTimeoutSeconds = 5.0
        public var requestTimeoutSeconds = 120.0
        public var maxRetries = 2
        public var retryAfterCapSeconds = 60.0
        public var maxConcurrentCalls = 4
        /// The largest response body read from the endpoint, in bytes.
        public var maxResponseBytes = 8 << 20
        /// The request field for the answer's token limit: `auto` (max_completion_tokens for api.openai.com,
        /// whose reasoning models reject max_tokens; max_tokens elsewhere), `max_tokens` or `max_completion_tokens`.
        public var maxTokensField = "auto"
    }

    public struct Serve: Sendable, Hashable {
        public var concurrency = 4
        public var maxLineBytes = 1_048_576
        public var maxCandidates = 200
        public var maxHistory = 50
        public var maxTitleChars = 160
        /// Estimated prompt tokens a ranking prompt may use; older history is dropped to fit.
        public var maxPromptTokens = 3000
        /// Seconds requests in flight may take to finish after SIGTERM or SIGINT.
        public var shutdownGraceSeconds = 10.0
        /// The most model calls one request may need; a costlier request is answered with a too_costly error.
        public var maxCallsPerRequest = 256
        /// PALR user profiles kept for reuse; the least recently used is dropped beyond this.
        public var maxProfiles = 1024
        /// Attributes kept per item, their longest value, and the longest item text shown to the model.
        public var maxAttributes = 8
        public var maxAttributeChars = 80
        public var maxTextChars = 200
        /// `serve --http`: the environment variable holding the bearer token; unset or empty there, no auth.
        public var httpTokenEnv = "RERANK_HTTP_TOKEN"
        /// `serve --http`: requests admitted at once (ranked or waiting for `concurrency`); beyond, 429.
        public var httpMaxInFlight = 64
        /// `serve --http`: seconds a connection may stay silent (headers, body or between requests) before it is closed.
        public var httpIdleTimeoutSeconds = 30.0
        /// `serve --http`: seconds from a connection waiting for a request (opened, or its previous answer sent) to
        /// that request read whole; bounds a client that trickles its headers or body, which silence alone does not.
        public var httpReadTimeoutSeconds = 30.0
    }

    public struct Rerank: Sendable, Hashable {
        public var prompt = PromptFamily.sequential
        public var strategy = RankingStrategy.pointwise
        public var votes = 1
        public var aggregation = VoteAggregation.borda
        public var seed: UInt64 = 0
        public var temperature = 0.0
        public var structuredOutput = false
        public var fusion = 0.0
        public var reask = false
        public var window = 20
        public var step = 10
        public var maxAnswerTokens = 0
        public var warmVotes = true
        public var voteConcurrency = 1
        public var domain = "movies"
        public var scoring = ScoringMode.generate
        public var setSize = 4
        public var topK = 10
        public var fusionMode = FusionMode.rank
        public var calibration = LabelCalibration.none
        public var pointwiseScale = PointwiseScale.yesNo
        public var pointwiseConcurrency = 1

        /// The built-in defaults, which `RerankOptions` also starts from.
        public init() {}
    }

    /// Weights of the reward: a weighted mean of relevance and the diversity measures (self-BLEU enters as 1 − it).
    public struct Reward: Sendable, Hashable {
        public var relevance = 0.6
        public var ild = 0.15
        public var coverage = 0.05
        public var distinct2 = 0.1
        public var selfBLEU = 0.1

        public var weights: RewardWeights {
            RewardWeights(relevance: relevance, intraListDiversity: ild, coverage: coverage, distinct2: distinct2, selfBLEU: selfBLEU)
        }
    }

    /// Defaults for ad creatives; each ad line's `constraints` override them.
    public struct Creatives: Sendable, Hashable {
        public var count = 5
        public var candidates = 8
        public var headlineMaxChars = 30
        public var descriptionMaxChars = 90
        public var maxRounds = 3
        public var bannedTerms: [String] = []
        public var requiredTerms: [String] = []
        public var temperature = 0.8
        /// Text rules (`TextRule` names) not applied to creatives.
        public var skipRules: [String] = []
        /// A content word may appear at most this many times in a headline or description.
        public var maxWordRepeats = 2
        /// Content words at least this share the product's name and attributes make an echo.
        public var echoMaxShare = 0.8
    }

    /// How reasons are checked: the text rules and grounding (`reasons` command and `serve`'s reasons).
    public struct Reasons: Sendable, Hashable {
        /// A reason must name a history item or an attribute.
        public var requireGrounding = true
        /// The fewest words a reason may have (two Chinese or Japanese characters count as one).
        public var minWords = 4
        /// Calls at most per list, the first included.
        public var maxRounds = 3
        /// Sentences asked for each item in a call; the first that passes every rule is kept.
        public var candidates = 4
        /// Text rules (`TextRule` names) not applied to reasons.
        public var skipRules: [String] = []
        /// A content word may appear at most this many times in a reason.
        public var maxWordRepeats = 2
        /// Content words at least this share the item's title and attributes make an echo.
        public var echoMaxShare = 0.8
    }

    public var endpoint = Endpoint()
    public var serve = Serve()
    public var rerank = Rerank()
    public var reward = Reward()
    public var creatives = Creatives()
    public var reasons = Reasons()
    /// nil: the Prompts folder of the installation.
    public var promptsDirectory: String?

    public init() {}

    public var requestLimits: RequestLimits {
        var limits = RequestLimits(
            maxLineBytes: serve.maxLineBytes, maxCandidates: serve.maxCandidates, maxHistory: serve.maxHistory,
            maxTitleCharacters: serve.maxTitleChars,
            maxAttributeCharacters: serve.maxAttributeChars, maxAttributes: serve.maxAttributes)
        limits.maxTextCharacters = serve.maxTextChars
        limits.maxCallsPerRequest = serve.maxCallsPerRequest
        return limits
    }

    public var defaultOptions: RerankOptions {
        var options = RerankOptions()
        for option in RankingOption.all { option.copy(from: rerank, into: &options) }
        return options
    }

    /// The endpoint to call, with the key read from the environment variable the configuration names.
    public func endpointConfiguration(baseURL resolvedBaseURL: String, environment: [String: String]) -> EndpointConfiguration {
        var configuration = EndpointConfiguration(
            baseURL: resolvedBaseURL,
            model: endpoint.model,
            apiKeyVariable: endpoint.apiKeyEnv,
            apiKey: environment[endpoint.apiKeyEnv].flatMap { $0.isEmpty ? nil : $0 },
            extraHeaders: endpoint.headers,
            extraBody: endpoint.extraBody,
            connectTimeout: endpoint.connectTimeoutSeconds,
            requestTimeout: endpoint.requestTimeoutSeconds,
            retry: RetryPolicy(maxRetries: endpoint.maxRetries, retryAfterCap: endpoint.retryAfterCapSeconds),
            maxConcurrentRequests: endpoint.maxConcurrentCalls,
            maxTokensField: EndpointConfiguration.resolvedMaxTokensField(endpoint.maxTokensField, baseURL: resolvedBaseURL))
        configuration.maxResponseBytes = endpoint.maxResponseBytes
        return configuration
    }
}
