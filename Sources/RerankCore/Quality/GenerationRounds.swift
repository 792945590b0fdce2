import LLMClient

/// A job that has the model write texts in rounds and keeps only those a person would accept: each round
/// renders its prompt, calls the model, reads the candidates from the answer, holds each to the job's rules
/// and, with a judge, has those that pass graded; what was refused is named in the next round's prompt. The
/// rounds stop when `wanted` are accepted, when they run out, when the deadline passes or when a prompt cannot
/// be rendered.
///
/// Reasons (`ReasonWriter.Rounds`) and creatives (`CreativeWriter.Rounds`) are two such jobs. Each keeps its
/// own prompts, answer format, rules and output; the loop, the judge step and the deadline live once, in the
/// extension below, so the two jobs cannot drift apart in how they re-ask, judge or give up.
protocol GenerationRounds {
    /// One text as the model wrote it: a reason for an item, a creative.
    associatedtype Candidate
    /// A rule a candidate breaks, with the detail the next prompt and the report give.
    associatedtype Violation
    /// What one round asks for (the items still without a reason, how many creatives), as reading its answer
    /// needs it.
    associatedtype Ask

    var client: any ChatCompleting { get }
    /// How many candidates are wanted; no round starts once that many are accepted.
    var wanted: Int { get }
    /// Rounds at most, the first included; at least one is made.
    var maxRounds: Int { get }
    /// Grades the candidates that pass the rules; one graded below its threshold is refused. nil: no judge.
    var judge: TextJudge? { get }
    /// When the caller must answer: no round starts after it, and a call still running then is cancelled.
    /// nil (the default) waits for the endpoint's own timeout.
    var deadline: ContinuousClock.Instant? { get }
    /// Whether each call keeps its messages and answer for `explain` (default false).
    var explain: Bool { get }

    /// What round `number` (1 for the first) asks for, the request that asks it, naming what `progress` says
    /// failed, and the call's purpose as `explain` shows it. Throws when the prompt cannot be rendered, which
    /// ends the rounds.
    func round(_ number: Int, after progress: GenerationProgress<Candidate, Violation>) throws
        -> (ask: Ask, request: ChatCompletionRequest, purpose: String)

    /// The candidates of one call's answer to `ask`, in the order they are checked; none when the call failed.
    /// Mutating, so that a job can keep what it needs of every call: the calls themselves, what was wrong
    /// with each item's answer, what was left unread.
    mutating func read(_ call: CallOutcome, asked ask: Ask) -> [Candidate]

    /// Every rule `candidate` breaks, in rule order; none when it passes. `accepted` are the candidates
    /// accepted before it, those of its own round included, for rules that compare (duplicates).
    func violations(of candidate: Candidate, accepted: [Candidate]) -> [Violation]

    /// Told of every refusal, the rules' and the judge's, in the order made; the default does nothing.
    mutating func didReject(_ candidate: Candidate, violations: [Violation])

    /// `candidate` as the judge is shown it.
    func judgeText(of candidate: Candidate) -> String

    /// The facts the judge holds `candidates` to.
    func judgeFacts(about candidates: [Candidate]) -> String

    /// The judge's refusal as a violation; `detail` gives the grade.
    func judgeViolation(_ detail: String) -> Violation
}

extension GenerationRounds {
    var deadline: ContinuousClock.Instant? { nil }

    var explain: Bool { false }

    mutating func didReject(_ candidate: Candidate, violations: [Violation]) {}

    /// Runs the rounds: render, call, read, check the rules, judge, and again with the failures named, until
    /// `wanted` are accepted or the rounds run out. A failed call costs its round; the next round asks again.
    mutating func run() async -> GenerationProgress<Candidate, Violation> {
        var progress = GenerationProgress<Candidate, Violation>()
        for number in 1...max(1, maxRounds) where progress.accepted.count < wanted {
            if let deadline, ContinuousClock.now >= deadline {
                progress.stop = .deadline
                break
            }
            let next: (ask: Ask, request: ChatCompletionRequest, purpose: String)
            do {
                next = try round(number, after: progress)
            } catch {
                progress.stop = .promptFailed(error)
                break
            }
            progress.rounds = number
            guard let call = await call(next.request, purpose: next.purpose) else {
                progress.stop = .deadline
                break
            }
            progress.callUsage += TokenUsage(call)
            let candidates = read(call, asked: next.ask)
            guard call.completion != nil else {
                progress.lastFailedCall = call
                continue
            }
            progress.lastAnsweredRound = number
            let acceptedBefore = progress.accepted.map(\.candidate)
            var passed: [Candidate] = []
            for candidate in candidates {
                let violations = violations(of: candidate, accepted: acceptedBefore + passed)
                if violations.isEmpty {
                    passed.append(candidate)
                } else {
                    reject(candidate, violations: violations, round: number, in: &progress)
                }
            }
            for (candidate, grade) in await judged(passed, round: number, in: &progress) {
                progress.accepted.append(.init(candidate: candidate, round: number, grade: grade))
            }
        }
        return progress
    }

    /// The judge step: grades everything that passed the rules in one call and refuses what is graded below
    /// the threshold. The rest come back in order with their grades; ungraded when there is no judge or it
    /// gave no usable grades, since a judge that cannot answer must not cost the texts it was shown.
    private mutating func judged(_ passed: [Candidate], round: Int, in progress: inout GenerationProgress<Candidate, Violation>) async
        -> [(Candidate, Int?)]
    {
        guard let judge, !passed.isEmpty else { return passed.map { ($0, nil) } }
        let graded = await judge.grade(passed.map { judgeText(of: $0) }, facts: judgeFacts(about: passed))
        progress.judgeUsage += graded.usage
        guard let grades = graded.grades else { return passed.map { ($0, nil) } }
        var kept: [(Candidate, Int?)] = []
        for (candidate, grade) in zip(passed, grades) {
            if let detail = judge.failure(grade: grade) {
                reject(candidate, violations: [judgeViolation(detail)], round: round, in: &progress)
            } else {
                kept.append((candidate, grade))
            }
        }
        return kept
    }

    private mutating func reject(
        _ candidate: Candidate, violations: [Violation], round: Int, in progress: inout GenerationProgress<Candidate, Violation>
    ) {
        progress.rejected.append(.init(candidate: candidate, violations: violations, round: round))
        didReject(candidate, violations: violations)
    }

    /// The call, or nil when the deadline passed first; the call is then cancelled, so an answer never waits
    /// on a model past the time its caller gave.
    private func call(_ request: ChatCompletionRequest, purpose: String) async -> CallOutcome? {
        let (client, explain) = (self.client, self.explain)
        guard let deadline else { return await client.call(request, purpose: purpose, explain: explain) }
        return await withTaskGroup(of: CallOutcome?.self) { group in
            group.addTask { await client.call(request, purpose: purpose, explain: explain) }
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
