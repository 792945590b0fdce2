import Foundation
import JSONLines
import LLMClient

/// Writes a short personal reason for each of the top items of a ranking in ONE call, asking for a JSON object
/// keyed by item id (schema-constrained where the endpoint supports it). Every requested id must come back
/// with a reason within the length limit that passes the text rules (`ReasonValidator.textViolations`) and no
/// other id may; whatever is missing, invalid or rejected is asked for again (up to `maxRounds` calls), naming
/// each failure and what the reason may be grounded in, then omitted with the problem and rule named. Never waits past the deadline: a call still running then is
/// cancelled and its items are omitted.
public struct ReasonWriter: Sendable {
    public let client: any ChatCompleting
    public let prompts: PromptLibrary
    public let model: String
    public var configuration: ReasonConfiguration

    public init(
        client: any ChatCompleting, prompts: PromptLibrary, model: String, configuration: ReasonConfiguration = ReasonConfiguration()
    ) {
        self.client = client
        self.prompts = prompts
        self.model = model
        self.configuration = configuration
    }

    /// Reasons for the first `count` of `items` (the final ranking, best first), for `request`'s user.
    /// - Parameter deadline: when the caller must answer; nil waits for the endpoint's own timeout.
    public func reasons(for request: RerankRequest, ranked items: [Item], count: Int, deadline: ContinuousClock.Instant? = nil) async
        -> ReasonsResult
    {
        let top = Array(items.prefix(max(0, count)))
        guard !top.isEmpty else { return .empty }
        var seen = Set<String>()
        let wanted = top.filter { seen.insert($0.id).inserted }
        let validator = ReasonValidator(maxCharacters: configuration.maxCharacters, minCharacters: configuration.minCharacters)
        var texts: [String: String] = [:]
        var regenerated: Set<String> = []
        var problems: [String: String] = [:]
        var problemRules: [String: TextRule] = [:]
        var failures: [String: (text: String, problem: String)] = [:]
        var grades: [String: Int] = [:]
        var rejected: [RejectedReason] = []
        var outcomes: [CallOutcome] = []
        var judgeUsage = TokenUsage()
        var unrequested = 0
        var pending = wanted
        let history = request.user.history
        for attempt in 0..<max(1, configuration.maxRounds) where !pending.isEmpty {
            if let deadline, ContinuousClock.now >= deadline {
                for item in pending { problems[item.id] = "deadline reached" }
                break
            }
            let chat: ChatCompletionRequest
            do {
                chat = try chatRequest(request, items: pending, attempt: attempt, failures: failures)
            } catch {
                for item in pending { problems[item.id] = "the reasons template failed: \(error)" }
                break
            }
            guard
                let outcome = await call(
                    chat, purpose: attempt == 0 ? "reasons" : "reasons retry", explain: request.options.explain, deadline: deadline)
            else {
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
            for (id, problem) in checked.problems {
                problems[id] = problem
                problemRules[id] = nil
            }
            var passed: [(Item, String)] = []
            for item in pending {
                guard let text = checked.valid[item.id] else { continue }
                let violations = ReasonValidator.textViolations(
                    of: text, item: item, history: history, rules: configuration.textRules, requireGrounding: configuration.requireGrounding
                )
                if let first = violations.first {
                    rejected.append(RejectedReason(id: item.id, text: text, violations: violations, round: attempt + 1))
                    problems[item.id] = first.problem
                    problemRules[item.id] = first.rule
                    failures[item.id] = (text, violations.map(\.problem).joined(separator: "; "))
                } else {
                    passed.append((item, text))
                }
            }
            if let judge = configuration.judge, !passed.isEmpty {
                let graded = await judge.grade(
                    passed.map { "Reason for \(PromptContext.quote($0.0.title)): \($0.1)" },
                    facts: Self.facts(history: history, items: passed.map(\.0)))
                judgeUsage += graded.usage
                if let given = graded.grades {
                    var kept: [(Item, String)] = []
                    for ((item, text), grade) in zip(passed, given) {
                        if let detail = judge.failure(grade: grade) {
                            let violation = ReasonValidator.TextViolation(rule: .judge, detail: detail)
                            rejected.append(RejectedReason(id: item.id, text: text, violations: [violation], round: attempt + 1))
                            problems[item.id] = violation.problem
                            problemRules[item.id] = .judge
                            failures[item.id] = (text, violation.problem)
                        } else {
                            grades[item.id] = grade
                            kept.append((item, text))
                        }
                    }
                    passed = kept
                }
            }
            for (item, text) in passed {
                texts[item.id] = text
                problems[item.id] = nil
                problemRules[item.id] = nil
                if attempt > 0 { regenerated.insert(item.id) }
            }
            pending = pending.filter { texts[$0.id] == nil }
        }
        let reasons = wanted.compactMap { item in
            texts[item.id].map { text in
                var scores = ReasonScores.score(text, item: item, history: history)
                scores.judgeGrade = grades[item.id]
                return ItemReason(id: item.id, text: text, regenerated: regenerated.contains(item.id), scores: scores)
            }
        }
        let omitted = wanted.filter { texts[$0.id] == nil }.map {
            OmittedReason(id: $0.id, problem: problems[$0.id] ?? "missing", rule: problemRules[$0.id])
        }
        return ReasonsResult(
            reasons: reasons, omitted: omitted, unrequested: unrequested, outcomes: outcomes, rejected: rejected, extraUsage: judgeUsage)
    }

    /// A reason of the shape wanted, built from the user's own data so that a small model copying the example
    /// still names a real history item or attribute: "Because you liked Toy Story, this Animation film is a good next pick."
    static func exampleReason(for item: Item, history: [Item]) -> String {
        let attribute = item.attributes.lazy.compactMap { attribute in
            attribute.value.split(whereSeparator: { $0 == "|" || $0 == "," }).first.map { $0.trimmingCharacters(in: .whitespaces) }
        }.first { !$0.isEmpty && Double($0) == nil }
        let kind = attribute.map { "this \($0) pick" } ?? "this one"
        guard let liked = history.last.map({ ReasonScores.coreTitle($0.title) }), !liked.isEmpty else {
            return "With its \(attribute ?? "style"), \(kind) is a good first choice for you."
        }
        return "Because you liked \(liked), \(kind) is a good next choice for you."
    }

    /// The user's history and the items as the judge reads them: the facts a reason may rely on.
    static func facts(history: [Item], items: [Item]) -> String {
        var lines = [
            "The user's history: "
                + (history.isEmpty ? "none" : history.suffix(20).map { PromptContext.text(of: $0) }.joined(separator: "; "))
        ]
        lines += items.map { "Item: " + PromptContext.text(of: $0) }
        return lines.joined(separator: "\n")
    }

    func chatRequest(
        _ request: RerankRequest, items: [Item], attempt: Int, failures: [String: (text: String, problem: String)] = [:]
    ) throws -> ChatCompletionRequest {
        var context = PromptContext.ranking(request: request, shown: items)
        let example = OutputJSON.object(
            items.prefix(2).map { ($0.id, .string(Self.exampleReason(for: $0, history: request.user.history))) })
        context["example_answer"] = example.serialized
        // Later rounds: what each rejected reason got wrong, and what it may name instead.
        let failed = items.compactMap { item in failures[item.id].map { (item, $0) } }
        context["has_failures"] = !failed.isEmpty
        context["failures"] = failed.map { item, failure -> [String: Any] in
            [
                "id": item.id, "reason": PromptContext.quote(failure.text), "problem": PromptContext.sanitise(failure.problem),
                "sources": ReasonValidator.groundingSources(item: item, history: request.user.history).prefix(12)
                    .map { PromptContext.quote($0) }.joined(separator: ", "),
            ]
        }
        let messages = try prompts.render(configuration.template, context: context)
        var chat = ChatCompletionRequest(
            model: model, messages: messages, temperature: configuration.temperature,
            maxTokens: min(4096, items.count * (configuration.maxCharacters + 24) + 16),
            seed: Int(truncatingIfNeeded: request.options.seed &+ UInt64(attempt)))
        if configuration.structuredOutput {
            chat.responseFormat = .jsonSchema(
                name: "reasons", schema: Self.schema(ids: items.map(\.id), maxCharacters: configuration.maxCharacters))
        }
        return chat
    }

    /// An object whose keys are exactly the requested ids, each a string within the length limit.
    /// `maxLength` is a safety net at twice the limit plus 8, never what ends a reason: a grammar-constrained
    /// server stops a string at `maxLength` wherever that falls, and a string that long is over the limit
    /// anyway, so it is refused and asked again rather than shown cut.
    static func schema(ids: [String], maxCharacters: Int) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for id in ids { properties[id] = ["type": "string", "minLength": 1, "maxLength": .number(Double(maxCharacters * 2 + 8))] }
        return [
            "type": "object",
            "properties": .object(JSONObject(properties)),
            "required": .array(ids.map(JSONValue.string)),
            "additionalProperties": false,
        ]
    }

    /// The call, or nil when the deadline passed first (the call is then cancelled).
    private func call(_ chat: ChatCompletionRequest, purpose: String, explain: Bool, deadline: ContinuousClock.Instant?) async
        -> CallOutcome?
    {
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
