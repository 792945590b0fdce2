import LLMClient

/// A model's grade of texts shown to people, on a fixed rubric for fluency and faithfulness to the facts
/// given, through the reward scorer's judge backend (`JudgeRelevance`); a text graded below `minGrade` is
/// rejected by `creatives --judge` and `reasons --judge`, and every grade is recorded in `scores.judge`.
public struct TextJudge: Sendable {
    /// The grades, best last: the rubric the judge is given word for word.
    public static let rubric = """
        3 = fluent, complete, and every claim is supported by the facts;
        2 = fluent and faithful to the facts, a little plain or awkward;
        1 = awkward, vague, or partly unsupported by the facts;
        0 = broken or unfinished, or claims something the facts do not say.
        """

    public let backend: JudgeRelevance
    /// The lowest grade (0–3) a text may get and still be shown.
    public var minGrade: Int

    public init(client: any ChatCompleting, model: String, minGrade: Int = 2, structuredOutput: Bool = true) {
        backend = JudgeRelevance(
            client: client, model: model, structuredOutput: structuredOutput, grades: Self.rubric,
            task: "each numbered text shown to a customer for fluency and for faithfulness to the facts in the context")
        self.minGrade = minGrade
    }

    /// What one judging call gave: a grade per text, or nil when the judge gave no usable answer twice.
    public struct Outcome: Sendable, Hashable {
        public var grades: [Int]?
        public var usage: TokenUsage
        public var problem: String?
    }

    /// Grades `texts` against `facts` in one call (asked once more if the answer is unusable).
    public func grade(_ texts: [String], facts: String) async -> Outcome {
        guard !texts.isEmpty else { return Outcome(grades: [], usage: TokenUsage(), problem: nil) }
        do {
            let result = try await backend.score(texts, context: facts)
            return Outcome(grades: result.scores.map { Int.clamped(($0 * 3).rounded(), to: 0...3) }, usage: result.usage, problem: nil)
        } catch {
            return Outcome(grades: nil, usage: TokenUsage(), problem: error.message)
        }
    }

    /// The violation detail for a grade below the threshold.
    public func failure(grade: Int) -> String? {
        guard grade < minGrade else { return nil }
        return
            "the judge graded it \(grade) of 3, at least \(minGrade) needed (3 = fluent, complete, every claim supported by the product facts)"
    }
}
