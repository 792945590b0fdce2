import JSONLines

extension RankingOption {
    /// The one table of ranking options, in the order of Config/default.yaml's `rerank:` section. A request's
    /// options are read in this order, so an option whose range depends on another (`step` on `window`) follows it.
    public static let all: [RankingOption] = [
        .choice("prompt", \.prompt, \.prompt, "The default prompt family."),
        .choice("strategy", \.strategy, \.strategy, "The default ranking strategy."),
        .integer("votes", \.votes, \.votes, OptionBounds.votes, "Listwise calls per request, each on its own seeded shuffle."),
        .choice("aggregation", \.aggregation, \.aggregation, "How votes combine."),
        RankingOption(
            name: "seed", kind: .integer(OptionBounds.seed), summary: "Seeds the shuffles and the model's sampling.", requestable: true,
            expectation: { _ in "a non-negative whole number" }, range: nil,
            setOption: { $0.seed = UInt64(max(0, $1.number)) }, setConfiguration: { $0.seed = UInt64(max(0, $1.number)) },
            readConfiguration: { .number(Double($0.seed)) }),
        .number("temperature", \.temperature, \.temperature, OptionBounds.temperature, "The model's sampling temperature."),
        .flag("structured_output", \.structuredOutput, \.structuredOutput, "Ask the endpoint for a JSON-schema-constrained answer."),
        .number(
            "fusion", \.fusion, \.fusion, OptionBounds.fusion,
            "Weight of the upstream ranking in the final order: 0 the LLM alone, 1 the upstream order.",
            expectation: "a number from 0 (the LLM alone) to 1 (the upstream order)"),
        .flag("reask", \.reask, \.reask, "Re-ask once when a listwise answer is not a complete permutation."),
        .integer("window", \.window, \.window, OptionBounds.window, "Listwise sliding window: candidates per prompt."),
        .integer(
            "step", \.step, \.step, OptionBounds.step, "Listwise sliding window: how far each pass moves up the list.",
            range: { 1...max(1, $0.window - 1) },
            expectation: { "a whole number from 1 to window − 1 (\($0.window - 1))" }),
        .integer(
            "max_answer_tokens", \.maxAnswerTokens, \.maxAnswerTokens, OptionBounds.answerTokens,
            "The most tokens a listwise answer may use; 0 sizes it to a valid answer.", requestable: false),
        .flag(
            "warm_votes", \.warmVotes, \.warmVotes, "With votes > 1, send the first vote alone so the rest reuse its cached prompt prefix.",
            requestable: false),
        .integer(
            "vote_concurrency", \.voteConcurrency, \.voteConcurrency, OptionBounds.voteConcurrency,
            "Votes of a window run at once after the warm one; 0 runs them all together.", requestable: false),
        RankingOption(
            name: "domain", kind: .text(maxCharacters: 40), summary: "The noun for the items in prompts.", requestable: true,
            expectation: { _ in #"a short noun such as "movies" or "products""# }, range: nil,
            setOption: { options, value in if let text = value.stringValue { options.domain = text } },
            setConfiguration: { configuration, value in if let text = value.stringValue { configuration.domain = text } },
            readConfiguration: { .string($0.domain) }),
        .choice(
            "scoring", \.scoring, \.scoring, "How listwise windows are read: generated permutations or first-token log-probabilities."),
        .integer("set_size", \.setSize, \.setSize, OptionBounds.setSize, "Setwise: candidates per comparison."),
        .integer("top_k", \.topK, \.topK, OptionBounds.topK, "Setwise: how many of the best the heap sort orders."),
        .choice("fusion_mode", \.fusionMode, \.fusionMode, "How fusion blends the two sides: by ranks or by standardised scores."),
        .choice(
            "calibration", \.calibration, \.calibration,
            "First-token readings: as given, or with a content-free call's label preference subtracted."),
        .choice("pointwise_scale", \.pointwiseScale, \.pointwiseScale, "Pointwise: ask yes/no, or a grade from 0 to 4, of each candidate."),
        .integer(
            "pointwise_concurrency", \.pointwiseConcurrency, \.pointwiseConcurrency, OptionBounds.pointwiseConcurrency,
            "Pointwise calls of a list in flight at once after the first, which runs alone; 0 starts them all at once.",
            requestable: false),
    ]

    /// The option of this name, if there is one.
    public static func named(_ name: String) -> RankingOption? {
        all.first { $0.name == name }
    }
}
