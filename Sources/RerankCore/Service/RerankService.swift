import Foundation
import LLMClient
import Logging

/// Turns a validated request into a complete ranking. Never fails: when the LLM cannot be used, the
/// answer is the upstream order, flagged `degraded` with the reason.
public struct RerankService: Sendable {
    public let client: any ChatCompleting
    public let prompts: PromptLibrary
    public let model: String
    private let profiles: ProfileWriter
    private let budget: PromptBudget
    private let reasonConfiguration: ReasonConfiguration
    /// Reasons never hold an answer past this many seconds after the request started.
    private let reasonsDeadlineSeconds: Int
    private let logger: Logger

    /// - Parameter maxPromptTokens: the estimated prompt size beyond which the oldest history is dropped (0: no limit).
    public init(
        client: any ChatCompleting, prompts: PromptLibrary, model: String, maxPromptTokens: Int = 3000,
        reasonConfiguration: ReasonConfiguration = ReasonConfiguration(), reasonsDeadlineSeconds: Int = 60,
        logger: Logger = Logger(label: "rerank-agent"), maxProfiles: Int = 1024
    ) {
        self.reasonConfiguration = reasonConfiguration
        self.reasonsDeadlineSeconds = reasonsDeadlineSeconds
        self.client = client
        self.prompts = prompts
        self.model = model
        self.budget = PromptBudget(maxTokens: maxPromptTokens)
        self.profiles = ProfileWriter(prompts: prompts, client: client, model: model, capacity: maxProfiles)
        self.logger = logger
    }

    /// The answer to `original`; with `options.deadline_ms`, the answer at the deadline at the latest: the ranking
    /// is cancelled then (its calls in flight with it), answers with what it has, and is marked `partial`.
    public func rerank(_ original: RerankRequest) async -> RerankResponse {
        guard let milliseconds = original.options.deadlineMilliseconds else { return await ranked(original) }
        return await withTaskGroup(of: DeadlineRace.self) { group in
            group.addTask { .answered(await ranked(original)) }
            group.addTask {
                do {
                    try await Task.sleep(for: .milliseconds(milliseconds))
                    return .deadline
                } catch {
                    return .stopped
                }
            }
            var passed = false
            while let next = await group.next() {
                switch next {
                case .answered(var answer):
                    group.cancelAll()
                    answer.partial = passed
                    return answer
                case .deadline:
                    passed = true
                    // The ranking sees the cancellation, stops its calls and answers with what is done.
                    group.cancelAll()
                case .stopped:
                    break
                }
            }
            // Not reached: the ranking's task always answers, and the loop returns with it.
            return await ranked(original)
        }
    }

    /// Which of the ranking and its deadline finished first.
    private enum DeadlineRace: Sendable {
        case answered(RerankResponse)
        case deadline
        case stopped
    }

    private func ranked(_ original: RerankRequest) async -> RerankResponse {
        let started = ContinuousClock.now
        let request = original.candidates.count > 1 ? budget.fit(original, prompts: prompts) : original
        let options = request.options
        var diagnostics = RerankDiagnostics(strategy: options.strategy.rawValue, prompt: options.prompt.rawValue)
        diagnostics.historyDropped = request.droppedHistoryItems
        diagnostics.inputCuts = request.inputCuts
        diagnostics.fusion = options.fusion
        if request.candidates.count == 1 {
            return response(request, order: [0], scores: [1], evidence: [[]], diagnostics: diagnostics, started: started)
        }

        diagnostics.fusionMode = options.fusionMode
        // At weight 1 the answer is the upstream order whatever the model says, so no ranking call is made: the
        // configuration that keeps the upstream order and asks the model only for reasons (diversity still applies).
        if options.fusion >= 1 {
            let (order, scores) = Self.finalOrder(of: ModelRanking(order: request.upstreamOrder, scores: nil), request: request)
            var answer = response(request, order: order, scores: scores, evidence: nil, diagnostics: diagnostics, started: started)
            await addReasons(to: &answer, request: request, order: order, started: started)
            return answer
        }

        var profile: String?
        if options.prompt == .palr {
            let written = await profiles.profile(for: request)
            profile = written.profile
            if let outcome = written.outcome { CallOutcome.record([outcome], into: &diagnostics) }
            diagnostics.profile = profile
            diagnostics.profileReused = written.outcome == nil && profile != nil
        }

        let context = RankingContext(client: client, prompts: prompts, model: model, profile: profile)
        let result = await options.strategy.ranker.init(context: context).rank(request)
        diagnostics.scoring = options.scoring
        diagnostics.logits = result.logits
        CallOutcome.record(result.outcomes, into: &diagnostics)
        diagnostics.windowPasses = result.windowPasses
        // The strategy's votes and answer counters; its calls were counted from its outcomes just above.
        diagnostics.counters += result.counters
        diagnostics.voteAgreement = result.agreement
        diagnostics.positionEcho = result.positionEcho

        if let failure = result.failure {
            logger.warning("request degraded to upstream order", metadata: ["id": "\(request.id)", "reason": "\(failure.message)"])
            var answer = response(
                request, order: request.upstreamOrder, scores: nil, evidence: nil, diagnostics: diagnostics, started: started)
            answer.degraded = true
            answer.degradedReason = failure.message
            return answer
        }
        let modelRanking = ModelRanking(order: result.order, scores: result.scores)
        let (order, scores) = Self.finalOrder(of: modelRanking, request: request)
        var answer = response(request, order: order, scores: scores, evidence: result.evidence, diagnostics: diagnostics, started: started)
        answer.modelRanking = modelRanking
        await addReasons(to: &answer, request: request, order: order, started: started)
        return answer
    }

    /// Reasons for the top of `order`, when the request asks for them.
    private func addReasons(to answer: inout RerankResponse, request: RerankRequest, order: [Int], started: ContinuousClock.Instant) async {
        guard request.options.reasons > 0 else { return }
        let writer = ReasonWriter(client: client, prompts: prompts, model: model, configuration: reasonConfiguration)
        let reasons = await writer.reasons(
            for: request, ranked: order.map { request.candidates[$0] }, count: request.options.reasons,
            deadline: started + .seconds(reasonsDeadlineSeconds))
        reasons.record(into: &answer.diagnostics)
        answer.reasons = reasons
        let elapsed = ContinuousClock.now - started
        answer.diagnostics.latencyMs = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    /// The answer's order and scores from the model's ranking: blended with the upstream as the request's `fusion`
    /// and `fusion_mode` say, then diversified when `diversify` asks. The one place this is done, so that eval's
    /// fusion sweep, which reuses one model ranking at many weights, orders exactly as an answer does.
    public static func finalOrder(of ranking: ModelRanking, request: RerankRequest) -> (order: [Int], scores: [Double]) {
        let options = request.options
        var (order, scores): ([Int], [Double])
        switch options.fusionMode {
        case .rank:
            (order, scores) = Fusion.fuse(llmOrder: ranking.order, upstreamOrder: request.upstreamOrder, weight: options.fusion)
        case .score:
            let upstreamScores = request.candidates.allSatisfy { $0.score != nil } ? request.candidates.map { $0.score ?? 0 } : nil
            (order, scores) = Fusion.fuseScores(
                llmOrder: ranking.order, llmScores: ranking.scores, upstreamOrder: request.upstreamOrder,
                upstreamScores: upstreamScores, weight: options.fusion)
        }
        if let lambda = options.diversify {
            order = diversified(order, scores: scores, request: request, lambda: lambda)
        }
        return (order, scores)
    }

    /// Maximal marginal relevance over the final order: λ·relevance − (1 − λ)·the most similar item already
    /// placed, relevance being the fused score and similarity the TF-IDF cosine of titles and attributes.
    static func diversified(_ order: [Int], scores: [Double], request: RerankRequest, lambda: Double) -> [Int] {
        let items = order.map { request.candidates[$0] }
        let similarity = SimilarityMatrix.lexical(items.map { ScoredElement(item: $0).text })
        let relevance = order.map { scores.indices.contains($0) ? scores[$0] : 0 }
        return MMR(lambda: lambda).select(relevance: relevance, similarity: similarity).map { order[$0] }
    }

    private func response(
        _ request: RerankRequest, order: [Int], scores: [Double]?, evidence: [[(String, Double)]]?,
        diagnostics: RerankDiagnostics, started: ContinuousClock.Instant
    ) -> RerankResponse {
        var diagnostics = diagnostics
        let elapsed = ContinuousClock.now - started
        diagnostics.latencyMs = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        let ranking = order.enumerated().map { position, candidate in
            RankedCandidate(
                id: request.candidates[candidate].id, rank: position + 1,
                score: scores.flatMap { $0.indices.contains(candidate) ? Rounding.fourPlaces($0[candidate]) : nil },
                evidence: evidence.flatMap {
                    $0.indices.contains(candidate) ? $0[candidate].map { ($0.0, Rounding.fourPlaces($0.1)) } : nil
                } ?? [])
        }
        var answer = RerankResponse(id: request.id, ranking: ranking, degraded: false, diagnostics: diagnostics)
        answer.idIsInteger = request.idIsInteger
        return answer
    }
}
