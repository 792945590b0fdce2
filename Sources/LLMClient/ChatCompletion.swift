/// A successful call and what it cost.
public struct ChatCompletion: Sendable {
    public var response: ChatCompletionResponse
    /// Wall time of the call, retries and waits included.
    public var latencySeconds: Double
    /// Retries made before the answer that counted.
    public var retries: Int

    public init(response: ChatCompletionResponse, latencySeconds: Double, retries: Int) {
        self.response = response
        self.latencySeconds = latencySeconds
        self.retries = retries
    }

    public var text: String { response.text ?? "" }
    /// The usage the endpoint reported, each count bounded to 0…`maxReportedTokens`: it is the endpoint's
    /// number, and a gateway that answers 9223372036854775807 must not overflow the sums made from it.
    public var usage: ChatCompletionResponse.Usage {
        guard let reported = response.usage else { return ChatCompletionResponse.Usage(promptTokens: 0, completionTokens: 0) }
        return ChatCompletionResponse.Usage(
            promptTokens: Self.bounded(reported.promptTokens), completionTokens: Self.bounded(reported.completionTokens),
            cachedTokens: Self.bounded(reported.cachedTokens))
    }

    /// The most tokens one call is believed to have used; no real context window comes near it.
    public static let maxReportedTokens = 1 << 32

    static func bounded(_ count: Int) -> Int { Swift.min(Swift.max(0, count), maxReportedTokens) }
}
