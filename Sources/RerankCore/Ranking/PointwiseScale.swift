/// What a pointwise call asks of one candidate, and how its first token is read.
public enum PointwiseScale: String, Sendable, Hashable, CaseIterable, Codable {
    /// "Will the user want this next? Yes or No": the score is P(yes) / (P(yes) + P(no)).
    case yesNo = "yes_no"
    /// "How much, from 0 to 4?": the score is the expected grade over the digits' probabilities, divided by 4
    /// ("Beyond Yes and No", Zhuang et al., 2023). One token, as yes/no costs.
    case grades
}
