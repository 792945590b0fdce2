/// The ranges of the numeric ranking options, written once: the request decoder refuses a request value
/// outside them and the configuration loader refuses a configuration value (file, environment or flag)
/// outside them, naming the key, so a default can never be a value no request could send.
public enum OptionBounds {
    /// Listwise votes, setwise and pairwise repetitions.
    public static let votes = 1...32
    /// Listwise candidates per prompt.
    public static let window = 2...100
    /// How far each listwise pass moves: less than the window.
    public static let step = 1...(window.upperBound - 1)
    /// The model's sampling temperature.
    public static let temperature: ClosedRange<Double> = 0...2
    /// Weight of the upstream order.
    public static let fusion: ClosedRange<Double> = 0...1
    /// Setwise candidates per comparison: at most one letter label each.
    public static let setSize = 2...FirstTokenLabels.maxLabels
    /// Setwise: how many of the best are put in order.
    public static let topK = 1...200
    /// Items given a recommendation reason.
    public static let reasons = 0...20
    /// The MMR trade-off.
    public static let diversify: ClosedRange<Double> = 0...1
    /// Milliseconds a request may take before it is answered with what is done (at most 10 minutes).
    public static let deadlineMilliseconds = 1...600_000
    /// Seeds of shuffles and sampling: whole numbers a JSON number (a double) still holds exactly.
    public static let seed = 0...8_999_999_999_999_999
    /// The most tokens a listwise answer may use (0: sized to a valid answer).
    public static let answerTokens = 0...1_000_000
    /// Votes of one window in flight at once after the warm one (0: all).
    public static let voteConcurrency = 0...votes.upperBound
    /// Pointwise calls of one list in flight at once after the warm one (0: all).
    public static let pointwiseConcurrency = 0...256
    /// Requests (lines, lists, ads) worked on at once, from `serve.concurrency` or a command's `--concurrency`:
    /// each holds its own tasks and buffers, and past a few thousand the endpoint is the limit anyway.
    public static let concurrency = 1...4096
    /// Calls in flight to the endpoint at once.
    public static let endpointCalls = 1...4096

    /// "1…32": how a range is written in errors.
    public static func describe(_ range: ClosedRange<Int>) -> String { "\(range.lowerBound)…\(range.upperBound)" }

    /// "0…2", whole numbers without a decimal point.
    public static func describe(_ range: ClosedRange<Double>) -> String { "\(number(range.lowerBound))…\(number(range.upperBound))" }

    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 9e18 ? String(Int64(value)) : String(value)
    }
}
