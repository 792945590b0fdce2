/// Every configuration key, in the order of Config/default.yaml's sections.
extension ConfigurationKey {
    /// The one table of keys: the loader, the environment variables, `rerank-agent config` and the check of
    /// Config/default.yaml all read it. A key's default is its field's initial value in `Configuration`.
    public static let all: [ConfigurationKey] =
        [
            .optionalText("endpoint.base_url", \.endpoint.baseURL, "The OpenAI-compatible API root (…/v1); null: the local llama-server."),
            .text("endpoint.model", \.endpoint.model, "The model name sent with every call."),
            .text("endpoint.api_key_env", \.endpoint.apiKeyEnv, "The environment variable holding the API key."),
            .stringMap("endpoint.headers", \.endpoint.headers, "Extra HTTP headers sent with every call; not for secrets."),
            .jsonMap("endpoint.extra_body", \.endpoint.extraBody, "Fields merged into every request body as they are."),
            .number("endpoint.connect_timeout_s", \.endpoint.connectTimeoutSeconds, "Seconds to wait for the connection."),
            .number("endpoint.request_timeout_s", \.endpoint.requestTimeoutSeconds, "Seconds to wait for a whole call."),
            .integer("endpoint.max_retries", \.endpoint.maxRetries, "Retries after a connection error, timeout, 408, 409, 429 or 5xx."),
            .number("endpoint.retry_after_cap_s", \.endpoint.retryAfterCapSeconds, "The longest Retry-After wait honoured, in seconds."),
            .integer(
                "endpoint.max_concurrent_calls", \.endpoint.maxConcurrentCalls, "The most calls in flight at once across all requests.",
                bounds: OptionBounds.endpointCalls),
            .integer(
                "endpoint.max_response_bytes", \.endpoint.maxResponseBytes, "The largest response body read from the endpoint, in bytes."
            ) {
                Int.clamped($0, to: 1024...(1 << 40))
            },
            ConfigurationKey(
                "endpoint.max_tokens_field", .choice(["auto", "max_tokens", "max_completion_tokens"]),
                "The request field carrying the answer's token limit: auto, max_tokens or max_completion_tokens."
            ) { configuration, value in
                configuration.endpoint.maxTokensField = value.stringValue ?? "auto"
            } read: {
                .string($0.endpoint.maxTokensField)
            },
            .integer(
                "serve.concurrency", \.serve.concurrency, "Requests ranked at once; answers still come out in input order.",
                bounds: OptionBounds.concurrency),
            .integer("serve.max_line_bytes", \.serve.maxLineBytes, "A longer line is answered with a line_too_long error."),
            .integer(
                "serve.max_candidates", \.serve.maxCandidates,
                "A request with more candidates is answered with a too_many_candidates error."),
            .integer("serve.max_history", \.serve.maxHistory, "Longer histories keep their most recent items."),
            .integer("serve.max_title_chars", \.serve.maxTitleChars, "Longer titles are cut to this many characters."),
            .integer(
                "serve.max_prompt_tokens", \.serve.maxPromptTokens,
                "Estimated tokens a ranking prompt may use; the oldest history is dropped to fit."),
            .number(
                "serve.shutdown_grace_s", \.serve.shutdownGraceSeconds,
                "Seconds requests in flight may take to finish after SIGTERM or SIGINT."
            ),
            .integer(
                "serve.max_calls_per_request", \.serve.maxCallsPerRequest,
                "The most model calls one request may need; a costlier one is too_costly."
            ) {
                Int.clamped($0, to: 1...1_000_000)
            },
            .integer("serve.max_profiles", \.serve.maxProfiles, "PALR user profiles kept for reuse; the least recently used is dropped.") {
                max(1, Int($0))
            },
            .integer("serve.max_attributes", \.serve.maxAttributes, "Attributes kept per item, the first ones in the request's order."),
            .integer("serve.max_attribute_chars", \.serve.maxAttributeChars, "The longest attribute value shown to the model.") {
                max(1, Int($0))
            },
            .integer("serve.max_text_chars", \.serve.maxTextChars, "The longest item text shown to the model; 0 leaves texts out."),
            .text(
                "serve.http_token_env", \.serve.httpTokenEnv,
                "serve --http: the environment variable holding the bearer token; unset or empty there, no auth."),
            .integer(
                "serve.http_max_in_flight", \.serve.httpMaxInFlight,
                "serve --http: requests admitted at once, ranked or waiting; beyond, 429 with Retry-After."
            ) {
                Int.clamped($0, to: 1...100_000)
            },
            .number(
                "serve.http_idle_timeout_s", \.serve.httpIdleTimeoutSeconds,
                "serve --http: seconds a connection may stay silent before it is closed.", bounds: 0.1...86_400),
            .number(
                "serve.http_read_timeout_s", \.serve.httpReadTimeoutSeconds,
                "serve --http: seconds a request may take to arrive whole, head and body, however steadily it trickles.",
                bounds: 0.1...86_400),
        ]
        // The `rerank:` section is the table of ranking options: one entry there is a key here and a request option.
        + RankingOption.all.map(\.configurationKey) + [
            .optionalText(
                "prompts.directory", \.promptsDirectory,
                "A folder of templates overriding the shipped ones; null: the shipped Prompts folder."),
            .number("reward.relevance", \.reward.relevance, "Weight of relevance in the reward."),
            .number("reward.ild", \.reward.ild, "Weight of intra-list diversity in the reward."),
            .number("reward.coverage", \.reward.coverage, "Weight of coverage in the reward."),
            .number("reward.distinct2", \.reward.distinct2, "Weight of distinct-2 in the reward."),
            .number("reward.self_bleu", \.reward.selfBLEU, "Weight of 1 − self-BLEU in the reward."),
            .integer("creatives.count", \.creatives.count, "Creatives returned per ad.", bounds: 1...50),
            .integer("creatives.candidates", \.creatives.candidates, "Creatives written per round (best-of-n).", bounds: 1...50),
            .integer(
                "creatives.headline_max_chars", \.creatives.headlineMaxChars, "Headline limit in characters; CJK characters count twice.",
                bounds: 1...1000),
            .integer(
                "creatives.description_max_chars", \.creatives.descriptionMaxChars,
                "Description limit in characters; CJK characters count twice.", bounds: 1...5000),
            .integer(
                "creatives.max_rounds", \.creatives.maxRounds,
                "Rounds at most, the first included; later ones ask for new creatives from the next angles."
            ) {
                min(10, max(1, Int($0)))
            },
            .list("creatives.banned_terms", \.creatives.bannedTerms, "Terms no creative may use (whole words, any case)."),
            .list("creatives.required_terms", \.creatives.requiredTerms, "Terms every creative must contain."),
            .number("creatives.temperature", \.creatives.temperature, "Sampling temperature for writing creatives.") { min(2, $0) },
            .list("creatives.skip_rules", \.creatives.skipRules, "Text rules not applied to creatives."),
            .integer(
                "creatives.max_word_repeats", \.creatives.maxWordRepeats,
                "A content word may appear at most this many times in a headline or description."
            ) {
                max(1, Int($0))
            },
            .number("creatives.echo_max_share", \.creatives.echoMaxShare, "Content words at least this share the product's make an echo.") {
                min(1, $0)
            },
            .flag(
                "reasons.require_grounding", \.reasons.requireGrounding, "A reason must name a history item or an attribute of the item."),
            .integer("reasons.min_words", \.reasons.minWords, "The fewest words a reason may have.") { min(50, Int($0)) },
            .integer("reasons.max_rounds", \.reasons.maxRounds, "Calls at most per list, the first included.") { min(10, max(1, Int($0))) },
            .integer(
                "reasons.candidates", \.reasons.candidates,
                "Sentences asked for each item in a call; the first that passes every rule is kept.", bounds: 1...4),
            .list("reasons.skip_rules", \.reasons.skipRules, "Text rules not applied to reasons."),
            .integer("reasons.max_word_repeats", \.reasons.maxWordRepeats, "A content word may appear at most this many times in a reason.")
            {
                max(1, Int($0))
            },
            .number("reasons.echo_max_share", \.reasons.echoMaxShare, "Content words at least this share the item's make an echo.") {
                min(1, $0)
            },
        ]
}
