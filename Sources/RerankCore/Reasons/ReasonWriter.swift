import Foundation
import JSONLines
import LLMClient

/// Writes a short personal reason for each of the top items of a ranking in ONE call, asking for a JSON object
/// keyed by item id (schema-constrained where the endpoint supports it). Every requested id must come back
/// with a reason within the length limit that passes the text rules (`ReasonValidator.textViolations`) and no
/// other id may; whatever is missing, invalid or rejected is asked for again (up to `maxRounds` calls), naming
/// each failure and what the reason may be grounded in, then omitted with the problem and rule named. The
/// rounds themselves are `ReasonWriter.Rounds`, a `GenerationRounds`; this type builds each round's request
/// and the result. Never waits past the deadline: a call still running then is cancelled and its items are omitted.
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
        var rounds = Rounds(writer: self, request: request, items: top.filter { seen.insert($0.id).inserted }, deadline: deadline)
        let progress = await rounds.run()
        var accepted: [String: GenerationProgress<Draft, ReasonValidator.TextViolation>.Accepted] = [:]
        for reason in progress.accepted { accepted[reason.candidate.item.id] = reason }
        let reasons = rounds.items.compactMap { item in
            accepted[item.id].map { reason in
                var scores = ReasonScores.score(reason.candidate.text, item: item, history: request.user.history)
                scores.judgeGrade = reason.grade
                return ItemReason(id: item.id, text: reason.candidate.text, regenerated: reason.round > 1, scores: scores)
            }
        }
        let rejected = (progress.rejected.map { ($0.candidate, $0.violations, $0.round) } + rounds.refusedSpares)
            .enumerated().sorted { ($0.element.2, $0.offset) < ($1.element.2, $1.offset) }
            .map { RejectedReason(id: $0.element.0.item.id, text: $0.element.0.text, violations: $0.element.1, round: $0.element.2) }
        return ReasonsResult(
            reasons: reasons, omitted: rounds.pending(after: progress).map { rounds.omission(of: $0, stop: progress.stop) },
            unrequested: rounds.unrequested, outcomes: rounds.outcomes, rejected: rejected, extraUsage: progress.judgeUsage)
    }

    /// What `item` shares with the user's history, from the data, as its prompt line ends: up to three of its
    /// attribute values (genres) that history items also have, each with the latest of them: "shares Sci-Fi with
    /// "Star Wars"; Action with "Face/Off"". One title a genre, as a list of them is copied whole. A small model
    /// asked for a reason names the connection it is shown instead of guessing one, and is handed no sentence
    /// to copy.
    static func connections(of item: Item, history: [Item]) -> String {
        var shared: [(value: String, titles: [String])] = []
        for value in ReasonFacts.values(of: item) where !shared.contains(where: { $0.value.lowercased() == value.lowercased() }) {
            let titles = history.reversed().filter { entry in
                ReasonFacts.values(of: entry).contains { $0.lowercased() == value.lowercased() }
            }.prefix(1).map { PromptContext.quote(ReasonScores.coreTitle($0.title)) }
            if !titles.isEmpty { shared.append((value, titles)) }
        }
        guard !shared.isEmpty else { return "nothing in common with the history: say what the item itself offers" }
        return "shares "
            + shared.prefix(3).map { "\(PromptContext.sanitise($0.value)) with \($0.titles.joined(separator: ", "))" }
            .joined(separator: "; ")
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
        let history = request.user.history
        // The format only: a sentence to fill in is what a small model copies into every reason, and an answer of
        // bare placeholders is read as "map each id to its title".
        let sentences = configuration.candidates
        let placeholder: OutputJSON =
            sentences == 1
            ? .string("<why it suits them>")
            : .array([.string("<why it suits them>")] + (1..<sentences).map { _ in .string("<another reason, said differently>") })
        context["example_answer"] = OutputJSON.object(items.prefix(2).map { ($0.id, placeholder) }).serialized
        context["several"] = sentences > 1
        context["sentences"] = sentences
        context["history_titles"] = history.map { PromptContext.quote(ReasonScores.coreTitle($0.title)) }.joined(separator: ", ")
        context["candidates"] = items.map { item -> [String: Any] in
            [
                "id": PromptText(item.id), "text": PromptText(PromptContext.text(of: item)),
                "title": PromptText(PromptContext.quote(item.title)),
                "connections": PromptText(Self.connections(of: item, history: history)),
            ]
        }
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
            model: model, messages: messages, temperature: Self.temperature(configuration.temperature, attempt: attempt),
            maxTokens: min(4096, items.count * sentences * (configuration.maxCharacters + 24) + 16),
            seed: Int(truncatingIfNeeded: request.options.seed &+ UInt64(attempt)))
        if configuration.structuredOutput {
            chat.responseFormat = .jsonSchema(
                name: "reasons",
                schema: Self.schema(ids: items.map(\.id), maxCharacters: configuration.maxCharacters, sentences: sentences))
        }
        return chat
    }

    /// An object whose keys are exactly the requested ids, each a string of at least `minSchemaLength` characters
    /// within the length limit.
    /// `maxLength` is a safety net at twice the limit plus 8, never what ends a reason: a grammar-constrained
    /// server stops a string at `maxLength` wherever that falls, and a string that long is over the limit
    /// anyway, so it is refused and asked again rather than shown cut.
    /// The sampling temperature of a call: the configured one first, 0.4 higher on each later attempt, at most 1.2
    /// (or the configured one, if higher).
    /// Asked again at the same temperature, the default model wrote the refused reason again word for word,
    /// whatever fault the prompt named; a later attempt must be free to say it differently.
    static func temperature(_ configured: Double, attempt: Int) -> Double {
        attempt == 0 ? configured : max(configured, min(1.2, configured + 0.4 * Double(attempt)))
    }

    /// The schema's `minLength` for a reason (at most `maxCharacters`): a floor, not a cut, since nothing is ever
    /// shortened to reach it. Asked for an object keyed by ids, the default model answered about one list in four
    /// with each item's bare title, the likeliest continuation of `"id": "`; made to write on past 40
    /// characters, it writes the sentence. A sentence of 8 words is longer than 40 characters.
    static let minSchemaLength = 40

    /// With `sentences` above 1, each id maps to exactly that many such strings.
    static func schema(ids: [String], maxCharacters: Int, sentences: Int = 1) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        let floor = Double(min(minSchemaLength, maxCharacters))
        let sentence: JSONValue = ["type": "string", "minLength": .number(floor), "maxLength": .number(Double(maxCharacters * 2 + 8))]
        for id in ids {
            properties[id] =
                sentences == 1
                ? sentence
                : ["type": "array", "items": sentence, "minItems": .number(Double(sentences)), "maxItems": .number(Double(sentences))]
        }
        return [
            "type": "object",
            "properties": .object(JSONObject(properties)),
            "required": .array(ids.map(JSONValue.string)),
            "additionalProperties": false,
        ]
    }
}
