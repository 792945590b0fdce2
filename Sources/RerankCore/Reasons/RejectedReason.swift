import JSONLines

/// A reason the model wrote that broke a text rule or was graded below the judge's threshold; kept so that
/// a batch can report every rule's pass rate and a reader can see what was refused.
public struct RejectedReason: Sendable, Hashable, OutputJSONConvertible {
    public var id: String
    public var text: String
    /// Every rule broken, the first as the rule reported.
    public var violations: [ReasonValidator.TextViolation]
    /// The call it came from, 1 for the first.
    public var round: Int

    public init(id: String, text: String, violations: [ReasonValidator.TextViolation], round: Int) {
        self.id = id
        self.text = text
        self.violations = violations
        self.round = round
    }

    public var outputJSON: OutputJSON {
        .object([
            ("id", .string(id)), ("reason", .string(text)), ("rule", .string(violations.first?.rule.rawValue ?? "")),
            ("rules", .array(violations.map { .string($0.rule.rawValue) })), ("round", .int(round)),
        ])
    }
}
