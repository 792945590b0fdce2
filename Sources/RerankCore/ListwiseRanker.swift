import LLMClient

/// Ranks by asking for a permutation: B votes, each on its own seeded shuffle (the first vote of a
/// single-vote request keeps the upstream order), parsed, repaired, and aggregated by Borda count.
struct ListwiseRanker: Sendable {
    let client: any ChatCompleting
    let prompts: PromptLibrary
    let model: String
    let aggregation: VoteAggregation

    struct Result: Sendable {
        var order: [Int]
        var scores: [Double]
        var outcomes: [CallOutcome]
        var repairs: RepairCounts
        var firstTryValid: Int
        /// Set when no vote got an answer.
        var failure: LLMClientError?
    }

    func rank(_ request: RerankRequest) async -> Result {
        let upstream = request.upstreamOrder
        let votes = max(1, request.options.votes)
        let presentations: [[Int]] = (0..<votes).map { vote in
            if votes == 1 { return upstream }
            var generator = SplitMix64.stream(vote, of: request.options.seed)
            return upstream.shuffled(using: &generator)
        }
        let voteResults = await withTaskGroup(of: (Int, CallOutcome, [Int]?, RepairCounts).self) { group in
            for (vote, shown) in presentations.enumerated() {
                group.addTask {
                    let (outcome, ordering, repairs) = await runVote(request, shown: shown, vote: vote)
                    return (vote, outcome, ordering, repairs)
                }
            }
            var collected: [(Int, CallOutcome, [Int]?, RepairCounts)] = []
            for await result in group { collected.append(result) }
            return collected.sorted { $0.0 < $1.0 }
        }
        let orderings = voteResults.compactMap { $0.2 }
        let outcomes = voteResults.map { $0.1 }
        let repairs = voteResults.reduce(RepairCounts()) { $0 + $1.3 }
        let firstTryValid = voteResults.filter { $0.2 != nil && $0.3.isClean }.count
        guard !orderings.isEmpty else {
            let failure = outcomes.compactMap(\.error).first ?? LLMClientError(kind: .invalidResponse, message: "no vote produced an answer")
            return Result(order: upstream, scores: [], outcomes: outcomes, repairs: repairs, firstTryValid: 0, failure: failure)
        }
        let (order, points) = aggregation.aggregate(orderings, tieBreakOrder: upstream)
        let best = points.max() ?? 0
        let scores = points.map { best > 0 ? $0 / best : 0 }
        return Result(order: order, scores: scores, outcomes: outcomes, repairs: repairs, firstTryValid: firstTryValid, failure: nil)
    }

    /// One call on one presentation; the ordering is in request-candidate indices.
    private func runVote(_ request: RerankRequest, shown: [Int], vote: Int) async -> (CallOutcome, [Int]?, RepairCounts) {
        let shownItems = shown.map { request.candidates[$0] }
        let messages: [ChatMessage]
        do {
            messages = try prompts.render(
                request.options.prompt.rankingTemplate, context: PromptContext.ranking(request: request, shown: shownItems))
        } catch {
            let failure = LLMClientError(kind: .badRequest, message: "\(error)")
            return (CallOutcome(completion: nil, error: failure, explained: nil), nil, RepairCounts())
        }
        let count = shown.count
        var chat = ChatCompletionRequest(
            model: model,
            messages: messages,
            temperature: request.options.temperature,
            maxTokens: min(4096, count * 8 + 24),
            seed: Int(truncatingIfNeeded: request.options.seed &+ UInt64(vote))
        )
        if request.options.structuredOutput {
            chat.responseFormat = .jsonSchema(name: "ranking", schema: Self.permutationSchema(count: count))
        }
        let outcome = await client.call(chat, purpose: "listwise vote \(vote + 1)", explain: request.options.explain)
        guard let completion = outcome.completion else { return (outcome, nil, RepairCounts()) }
        let parser = PermutationParser(candidateCount: count, titles: shownItems.map(\.title))
        // Missing candidates are appended in upstream order, which is the shown order's ranking by upstream position.
        let upstreamRank = Dictionary(uniqueKeysWithValues: request.upstreamOrder.enumerated().map { ($1, $0) })
        let fallback = shown.indices.sorted { (upstreamRank[shown[$0]] ?? 0) < (upstreamRank[shown[$1]] ?? 0) }
        let (positions, repairs) = PermutationRepair.repair(parser.parse(completion.text), fallbackOrder: fallback)
        return (outcome, positions.map { shown[$0] }, repairs)
    }

    /// Every element a shown label, so each item is a known candidate by construction. A JSON-schema grammar
    /// cannot forbid repeats, so repair still runs.
    static func permutationSchema(count: Int) -> JSONValue {
        [
            "type": "array",
            "items": ["type": "integer", "enum": .array((1...max(1, count)).map { .number(Double($0)) })],
            "minItems": .number(Double(count)),
            "maxItems": .number(Double(count)),
        ]
    }
}

extension PromptFamily {
    /// The template that ranks for this family.
    var rankingTemplate: String {
        switch self {
        case .sequential, .recency, .icl: return rawValue
        case .palr: return "palr_rank"
        }
    }
}
