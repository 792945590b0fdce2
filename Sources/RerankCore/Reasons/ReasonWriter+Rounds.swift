import LLMClient

extension ReasonWriter {
    /// A reason the model wrote for one of the items asked about, before the rules have read it.
    struct Draft {
        var item: Item
        var text: String
    }

    /// The rounds of one `reasons(for:ranked:count:deadline:)` call: each asks, in one call, for the items still
    /// without an accepted reason, naming what was wrong with each one's last reason, and keeps what went wrong
    /// with each item last, for `reasons_omitted`.
    struct Rounds: GenerationRounds {
        let writer: ReasonWriter
        let request: RerankRequest
        /// The items asked about, each once, best first.
        let items: [Item]
        let deadline: ContinuousClock.Instant?
        /// What was wrong the last time each item was asked about: "missing", a rule's problem, a failed call.
        var problems: [String: String] = [:]
        /// The text rule the item's last refused reason broke; kept through a later failed call or an early stop,
        /// cleared when a later answer has no usable reason for it.
        var problemRules: [String: TextRule] = [:]
        /// Ids answered for that were never asked for.
        var unrequested = 0
        /// Every call answered or failed, for a rerank answer's diagnostics.
        var outcomes: [CallOutcome] = []
        /// Sentences written for an item beside the one that went on to the checks, refused by the rules, with
        /// what each broke and its round, in the order written. (A spare that passed is simply not used.)
        var refusedSpares: [(draft: Draft, violations: [ReasonValidator.TextViolation], round: Int)] = []

        var client: any ChatCompleting { writer.client }
        var wanted: Int { items.count }
        var maxRounds: Int { writer.configuration.maxRounds }
        var judge: TextJudge? { writer.configuration.judge }
        var explain: Bool { request.options.explain }

        /// The items still without an accepted reason, best first.
        func pending(after progress: GenerationProgress<Draft, ReasonValidator.TextViolation>) -> [Item] {
            let done = Set(progress.accepted.map(\.candidate.item.id))
            return items.filter { !done.contains($0.id) }
        }

        func round(_ number: Int, after progress: GenerationProgress<Draft, ReasonValidator.TextViolation>) throws
            -> (ask: [Item], request: ChatCompletionRequest, purpose: String)
        {
            let pending = pending(after: progress)
            // Each item's latest refused reason, whichever round it came from, with everything it broke.
            var failures: [String: (text: String, problem: String)] = [:]
            for rejection in progress.rejected {
                failures[rejection.candidate.item.id] = (
                    rejection.candidate.text, rejection.violations.map(\.problem).joined(separator: "; ")
                )
            }
            let chat = try writer.chatRequest(request, items: pending, attempt: number - 1, failures: failures)
            return (pending, chat, number == 1 ? "reasons" : "reasons retry")
        }

        mutating func read(_ call: CallOutcome, asked pending: [Item]) -> [Draft] {
            outcomes.append(call)
            guard let completion = call.completion else {
                for item in pending { problems[item.id] = "the call failed: \(call.error?.message ?? "unknown error")" }
                return []
            }
            let validator = ReasonValidator(
                maxCharacters: writer.configuration.maxCharacters, minCharacters: writer.configuration.minCharacters)
            let checked = validator.validate(completion.text, requested: pending.map(\.id))
            unrequested += checked.unrequested.count
            for (id, problem) in checked.problems {
                problems[id] = problem
                problemRules[id] = nil
            }
            // Of an item's sentences, the first that passes every rule goes on to the rounds' checks; the others
            // are refused here, each with what it broke, so the output shows every sentence written. When none
            // passes, the first goes on and is refused there, its fault named in the next round.
            return pending.compactMap { item -> Draft? in
                let drafts = (checked.candidates[item.id] ?? []).map { Draft(item: item, text: $0) }
                guard let first = drafts.first else { return nil }
                let chosen = drafts.first { violations(of: $0, accepted: []).isEmpty } ?? first
                for draft in drafts where draft.text != chosen.text {
                    let broken = violations(of: draft, accepted: [])
                    if !broken.isEmpty { refusedSpares.append((draft, broken, outcomes.count)) }
                }
                return chosen
            }
        }

        func violations(of draft: Draft, accepted: [Draft]) -> [ReasonValidator.TextViolation] {
            ReasonValidator.textViolations(
                of: draft.text, item: draft.item, history: request.user.history, recommended: request.candidates,
                rules: writer.configuration.textRules,
                requireGrounding: writer.configuration.requireGrounding)
        }

        mutating func didReject(_ draft: Draft, violations: [ReasonValidator.TextViolation]) {
            guard let first = violations.first else { return }
            problems[draft.item.id] = first.problem
            problemRules[draft.item.id] = first.rule
        }

        func judgeText(of draft: Draft) -> String {
            "Reason for \(PromptContext.quote(draft.item.title)): \(draft.text)"
        }

        func judgeFacts(about drafts: [Draft]) -> String {
            ReasonWriter.facts(history: request.user.history, items: drafts.map(\.item))
        }

        func judgeViolation(_ detail: String) -> ReasonValidator.TextViolation {
            ReasonValidator.TextViolation(rule: .judge, detail: detail)
        }

        /// What is reported for an item that got no reason: why the rounds stopped, when they stopped early
        /// (every item still asked about then shares it), or what was wrong the last time.
        func omission(of item: Item, stop: GenerationProgress<Draft, ReasonValidator.TextViolation>.Stop?) -> OmittedReason {
            let problem: String
            switch stop {
            case .deadline: problem = "deadline reached"
            case .promptFailed(let error): problem = "the reasons template failed: \(error)"
            case nil: problem = problems[item.id] ?? "missing"
            }
            return OmittedReason(id: item.id, problem: problem, rule: problemRules[item.id])
        }
    }
}
