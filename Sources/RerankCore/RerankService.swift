import Foundation
import LLMClient
import Logging

/// Turns a validated request into a complete ranking. Never fails: when the LLM cannot be used, the
/// answer is the upstream order, flagged `degraded` with the reason.
public struct RerankService: Sendable {
    public let client: any ChatCompleting
    public let prompts: PromptLibrary
    public let model: String
    public let aggregation: VoteAggregation
    private let logger: Logger

    public init(client: any ChatCompleting, prompts: PromptLibrary, model: String, aggregation: VoteAggregation = .borda, logger: Logger = Logger(label: "rerank-agent")) {
        self.client = client
        self.prompts = prompts
        self.model = model
        self.aggregation = aggregation
        self.logger = logger
    }

    public func rerank(_ request: RerankRequest) async -> RerankResponse {
        let started = ContinuousClock.now
        var diagnostics = RerankDiagnostics(strategy: request.options.strategy.rawValue, prompt: request.options.prompt.rawValue)
        diagnostics.historyDropped = request.droppedHistoryItems
        if request.candidates.count == 1 {
            return response(request, order: [0], scores: [1], diagnostics: diagnostics, started: started)
        }
        let ranker = ListwiseRanker(client: client, prompts: prompts, model: model, aggregation: aggregation)
        let result = await ranker.rank(request)
        CallOutcome.record(result.outcomes, into: &diagnostics)
        diagnostics.votes = max(1, request.options.votes)
        diagnostics.repairs = result.repairs
        diagnostics.firstTryValid = result.firstTryValid
        if let failure = result.failure {
            logger.warning("request degraded to upstream order", metadata: ["id": "\(request.id)", "reason": "\(failure.message)"])
            var answer = response(request, order: request.upstreamOrder, scores: nil, diagnostics: diagnostics, started: started)
            answer.degraded = true
            answer.degradedReason = failure.message
            return answer
        }
        return response(request, order: result.order, scores: result.scores, diagnostics: diagnostics, started: started)
    }

    private func response(_ request: RerankRequest, order: [Int], scores: [Double]?, diagnostics: RerankDiagnostics, started: ContinuousClock.Instant) -> RerankResponse {
        var diagnostics = diagnostics
        let elapsed = ContinuousClock.now - started
        diagnostics.latencyMs = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        let ranking = order.enumerated().map { position, candidate in
            RankedCandidate(
                id: request.candidates[candidate].id, rank: position + 1,
                score: scores.flatMap { $0.indices.contains(candidate) ? ($0[candidate] * 10_000).rounded() / 10_000 : nil })
        }
        return RerankResponse(id: request.id, ranking: ranking, degraded: false, diagnostics: diagnostics)
    }
}
