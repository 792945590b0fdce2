import Foundation

/// When to try a failed call again and how long to wait first; pure, so the timing decisions are testable.
///
/// Mirrors the OpenAI SDKs: `min(initialDelay·2^n, maxDelay)` less up to 25 % jitter, unless the server
/// says how long to wait (`retry-after-ms`, `Retry-After`), which is honoured up to `retryAfterCap`.
public struct RetryPolicy: Sendable, Hashable {
    public var maxRetries: Int
    public var initialDelay: Double
    public var maxDelay: Double
    public var jitter: Double
    public var retryAfterCap: Double

    public init(maxRetries: Int = 2, initialDelay: Double = 0.5, maxDelay: Double = 8, jitter: Double = 0.25, retryAfterCap: Double = 60) {
        self.maxRetries = maxRetries
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.retryAfterCap = retryAfterCap
    }

    /// 408, 409, 429 and 5xx are worth another try; every other status is the caller's to fix.
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 409 || status == 429 || (500...599).contains(status)
    }

    /// Seconds to wait before retry number `retry` (0 for the first retry).
    /// - Parameter randomUnit: a value in [0, 1) that picks the jitter.
    public func delay(beforeRetry retry: Int, serverAdvice: Double?, randomUnit: Double) -> Double {
        if let serverAdvice, serverAdvice >= 0 {
            return min(serverAdvice, retryAfterCap)
        }
        let exponential = min(initialDelay * pow(2, Double(max(0, retry))), maxDelay)
        return exponential * (1 - jitter * min(max(randomUnit, 0), 1))
    }

    /// The wait a response asks for, in seconds: `retry-after-ms`, else `Retry-After` as seconds or an HTTP date.
    public static func serverAdvice(headers: [String: String], now: Date = Date()) -> Double? {
        if let milliseconds = headers["retry-after-ms"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }),
            milliseconds >= 0
        {
            return milliseconds / 1000
        }
        guard let value = headers["retry-after"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            return nil
        }
        if let seconds = Double(value), seconds >= 0 {
            return seconds
        }
        if let date = HTTPDate.parse(value) {
            return max(0, date.timeIntervalSince(now))
        }
        return nil
    }
}
