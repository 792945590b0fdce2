import LLMClient

extension CreativeWriter {
    /// The rounds of one ad: the first asks for `candidates` creatives (at least `count`), each later one for three
    /// times as many as are still missing (at most `candidates`, at least what is missing), from the angles after
    /// those asked before; the creatives kept and the faults of those the last answered round refused go to the
    /// template, which as shipped shows neither (see `CreativeAngle`). Each answer is read only up to
    /// `readLimit(asked:)`.
    struct Rounds: GenerationRounds {
        let writer: CreativeWriter
        let ad: AdRequest
        let checker: CreativeChecker
        /// Creatives read from the answers, passing or not: what the rules' pass rates are out of.
        var written = 0
        /// Creatives past what is read of an answer, never checked.
        var dropped = 0
        /// Creatives asked for by the rounds answered so far: where the next round's angles begin.
        var askedSoFar = 0

        init(writer: CreativeWriter, ad: AdRequest) {
            self.writer = writer
            self.ad = ad
            checker = CreativeChecker(constraints: ad.constraints, product: ad.product)
        }

        var client: any ChatCompleting { writer.client }
        var wanted: Int { ad.constraints.count }
        var maxRounds: Int { ad.constraints.maxRounds }
        var judge: TextJudge? { writer.judge }

        func round(_ number: Int, after progress: GenerationProgress<Creative, CreativeViolation>) throws
            -> (ask: Int, request: ChatCompletionRequest, purpose: String)
        {
            let constraints = ad.constraints
            let missing = constraints.count - progress.accepted.count
            // More than is kept: the rules refuse many, and the choice needs something to choose from.
            let asked =
                number == 1 ? max(constraints.candidates, constraints.count) : min(missing * 3, max(constraints.candidates, missing))
            let angles = CreativeAngle.sequence(count: asked, after: askedSoFar)
            let messages = try writer.prompt.messages(
                for: ad, count: asked, accepted: progress.accepted.map(\.candidate),
                failures: progress.failures.map { ($0.candidate, $0.violations) }, angles: angles)
            return (asked, writer.request(messages, ad: ad, angles: angles, round: number), "creatives round \(number)")
        }

        mutating func read(_ call: CallOutcome, asked: Int) -> [Creative] {
            guard let completion = call.completion else { return [] }
            askedSoFar += asked
            let all = CreativeWriter.parse(completion.text)
            let read = all.prefix(CreativeWriter.readLimit(asked: asked))
            written += read.count
            dropped += all.count - read.count
            return Array(read)
        }

        func violations(of creative: Creative, accepted: [Creative]) -> [CreativeViolation] {
            checker.violations(of: creative, accepted: accepted)
        }

        func judgeText(of creative: Creative) -> String { creative.text }

        func judgeFacts(about creatives: [Creative]) -> String { CreativeWriter.facts(of: ad.product) }

        func judgeViolation(_ detail: String) -> CreativeViolation { CreativeViolation(.judge, detail) }
    }
}
