/// A rule a creative breaks and the detail a writer needs to fix it ("headline is 42 wide, limit 30").
public struct CreativeViolation: Sendable, Hashable, CustomStringConvertible {
    public var rule: CreativeRule
    public var detail: String

    public init(_ rule: CreativeRule, _ detail: String) {
        self.rule = rule
        self.detail = detail
    }

    public var description: String { "\(rule.rawValue): \(detail)" }
}
