/// Where a job's generation rounds (`GenerationRounds`) stand: what was accepted and refused, what the calls
/// cost, and why they ended early. Each round's prompt is rendered from it, so that it can name what failed;
/// the job builds its answer from the last one.
struct GenerationProgress<Candidate, Violation> {
    /// A candidate that passed every rule and, with a judge, its grade.
    struct Accepted {
        var candidate: Candidate
        /// The round it was written in, 1 for the first.
        var round: Int
        /// The judge's grade 0–3; nil without a judge, or when the judge gave no usable grades.
        var grade: Int?
    }

    /// A candidate refused by the rules (every rule it broke) or by the judge.
    struct Rejection {
        var candidate: Candidate
        var violations: [Violation]
        /// The round it was written in, 1 for the first.
        var round: Int
    }

    /// Why the rounds ended before enough were accepted or the rounds ran out.
    enum Stop {
        /// The deadline passed before a round began, or while its call was running (the call is cancelled).
        case deadline
        /// A round's prompt could not be rendered.
        case promptFailed(any Error)
    }

    /// In the order accepted.
    var accepted: [Accepted] = []
    /// Every refusal, in the order made.
    var rejected: [Rejection] = []
    /// Rounds whose prompt was rendered and sent, the first included.
    var rounds = 0
    /// The last round whose call was answered; nil while none was.
    var lastAnsweredRound: Int?
    /// The last call that failed, for a job that has nothing else to report.
    var lastFailedCall: CallOutcome?
    /// What the generating calls cost, failed ones included.
    var callUsage = TokenUsage()
    /// What the judge's calls cost.
    var judgeUsage = TokenUsage()
    /// Set when the rounds ended early.
    var stop: Stop?

    /// Every call's cost, the judge's included.
    var usage: TokenUsage { callUsage + judgeUsage }

    /// The refusals of the last answered round: what the next round's prompt names, so that a model is told
    /// about its latest mistakes and not again about ones it has since been told of.
    var failures: [Rejection] { rejected.filter { $0.round == lastAnsweredRound } }
}
