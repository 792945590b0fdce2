import Foundation
import LLMClient

/// Writes a short personal reason for each of the top items of a ranking in ONE call, asking for a JSON object
/// keyed by item id (schema-constrained where the endpoint supports it). Every requested id must come back
/// with a reason within the length limit and no other id may; whatever is missing or invalid is asked for once
/// more, then omitted with the problem named. Never waits past the deadline: a call still running then is
/// cancelled and its items are omitted.
public struct ReasonWriter: Sendable {
    public let client: any ChatCompleting
    public let prompts: PromptLibrary
    public let model: String
    public var configuration: ReasonConfiguration

    public init(client: any ChatCompleting, prompts: PromptLibrary, model: String, configuration: ReasonConfiguration = ReasonConfiguration()) {
        self.client = client
        self.prompts = prompts
        self.model = model
        self.configuration = configuration
    }

    /// Reasons for the first `count` of `items` (the final ranking, best first), for `request`'s user.
    /// - Parameter deadline: when the caller must answer; nil waits for the endpoint's own timeout.
    public func reasons(for request: RerankRequest, ranked items: [Item], count: Int, deadline: ContinuousClock.Instant? = nil) async -> ReasonsResult {
        let top = Array(items.prefix(max(0, count)))
        guard !top.isEmpty else { return .empty }
        var seen = Set<String>()
        let wanted = top.filter { seen.insert($0.id).inserted }
        let validator = ReasonValidator(maxCharacters: configuration.maxCharacters, minCharacters: configuration.minCharacters)
        var texts: [String: String] = [:]
        var regenerated: Set<String> = []
        var problems: [String: String] = [:]
        var outcomes: [CallOutcome] = []
        var unrequested = 0
        var pending = wanted
        for attempt in 0..<2 where !pending.isEmpty {
            if let deadline, ContinuousClock.now >= deadline {
                for item in pending { problems[item.id] = "deadline reached" }
                break
            }
            let chat: ChatCompletionRequest
            do {
                chat = try chatRequest(request, items: pending, attempt: attempt)
            } catch {
                for item in pending { problems[item.id] = "the reasons template failed: \(error)" }
                break
            }
            guard let outcome = await call(chat, purpose: attempt == 0 ? "reasons" : "reasons retry", explain: request.options.explain, deadline: deadline) else {
                for item in pending { problems[item.id] = "deadline reached" }
                break
            }
            outcomes.append(outcome)
            guard let completion = outcome.completion else {
                for item in pending { problems[item.id] = "the call failed: \(outcome.error?.message ?? "unknown error")" }
                continue
            }
            let checked = validator.validate(completion.text, requested: pending.map(\.id))
            unrequested += checked.unrequested.count
            for (id, text) in checked.valid {
                texts[id] = text
                problems[id] = nil
                if attempt > 0 { regenerated.insert(id) }
            }
            for (id, problem) in checked.problems { problems[id] = problem }
            pending = pending.filter { texts[$0.id] == nil }
        }
        let history = request.user.history
        let reasons = wanted.compactMap { item in
            texts[item.id].map { ItemReason(id: item.id, text: $0, regenerated: regenerated.contains(item.id), scores: ReasonScores.score($0, item: item, history: history)) }
        }
        let omitted = wanted.filter { texts[$0.id] == nil }.map { OmittedReason(id: $0.id, problem: problems[$0.id] ?? "missing") }
        return ReasonsResult(reasons: reasons, omitted: omitted, unrequested: unrequested, outcomes: outcomes)
    }

    func chatRequest(_ request: RerankRequest, items: [Item], attempt: Int) throws -> ChatCompletionRequest {
        var context = PromptContext.ranking(request: request, shown: items)
        let example = OutputJSON.object(items.prefix(2).map { ($0.id, .string("Because you liked …")) })
        context["example_answer"] = example.serialized
        let messages = try prompts.render(configuration.template, context: context)
        var chat = ChatCompletionRequest(
            model: model, messages: messages, temperature: configuration.temperature,
            maxTokens: min(4096, items.count * (configuration.maxCharacters / 2 + 16) + 16),
            seed: Int(truncatingIfNeeded: request.options.seed &+ UInt64(attempt)))
        if configuration.structuredOutput {
            chat.responseFormat = .jsonSchema(name: "reasons", schema: Self.schema(ids: items.map(\.id), maxCharacters: configuration.maxCharacters))
        }
        return chat
    }

    /// An object whose keys are exactly the requested ids, each a string within the length limit.
    static func schema(ids: [String], maxCharacters: Int) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for id in ids { properties[id] = ["type": "string", "minLength": 1, "maxLength": .number(Double(maxCharacters))] }
        return [
            "type": "object",
            "properties": .object(properties),
            "required": .array(ids.map(JSONValue.string)),
            "additionalProperties": false,
        ]
    }

    /// The call, or nil when the deadline passed first (the call is then cancelled).
    private func call(_ chat: ChatCompletionRequest, purpose: String, explain: Bool, deadline: ContinuousClock.Instant?) async -> CallOutcome? {
        guard let deadline else { return await client.call(chat, purpose: purpose, explain: explain) }
        let client = self.client
        return await withTaskGroup(of: CallOutcome?.self) { group in
            group.addTask { await client.call(chat, purpose: purpose, explain: explain) }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
