import Foundation
import Testing
@testable import LLMClient

@Suite("Retry decisions")
struct RetryPolicyTests {
    @Test("retryable statuses", arguments: [408, 409, 429, 500, 502, 503, 504])
    func retryable(status: Int) { #expect(RetryPolicy.isRetryable(status: status)) }

    @Test("client errors are never retried", arguments: [400, 401, 403, 404, 422])
    func notRetryable(status: Int) { #expect(!RetryPolicy.isRetryable(status: status)) }

    @Test("exponential backoff capped at 8 s with at most 25 % jitter taken off")
    func backoff() {
        let policy = RetryPolicy()
        #expect(policy.delay(beforeRetry: 0, serverAdvice: nil, randomUnit: 0) == 0.5)
        #expect(policy.delay(beforeRetry: 1, serverAdvice: nil, randomUnit: 0) == 1.0)
        #expect(policy.delay(beforeRetry: 2, serverAdvice: nil, randomUnit: 0) == 2.0)
        #expect(policy.delay(beforeRetry: 10, serverAdvice: nil, randomUnit: 0) == 8.0)
        #expect(policy.delay(beforeRetry: 0, serverAdvice: nil, randomUnit: 0.999) > 0.375)
        #expect(policy.delay(beforeRetry: 0, serverAdvice: nil, randomUnit: 1) == 0.375)
    }

    @Test("server advice is honoured up to the cap")
    func serverAdvice() {
        let policy = RetryPolicy(retryAfterCap: 10)
        #expect(policy.delay(beforeRetry: 0, serverAdvice: 3, randomUnit: 0.5) == 3)
        #expect(policy.delay(beforeRetry: 0, serverAdvice: 120, randomUnit: 0.5) == 10)
    }

    @Test("retry-after-ms wins over Retry-After; seconds and HTTP dates are read")
    func parsing() {
        #expect(RetryPolicy.serverAdvice(headers: ["retry-after-ms": "1500", "retry-after": "9"]) == 1.5)
        #expect(RetryPolicy.serverAdvice(headers: ["retry-after": "2"]) == 2)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let later = "Tue, 14 Nov 2023 22:13:25 GMT"  // 5 s after `now`
        #expect(RetryPolicy.serverAdvice(headers: ["retry-after": later], now: now) == 5)
        #expect(RetryPolicy.serverAdvice(headers: ["retry-after": "soon"]) == nil)
        #expect(RetryPolicy.serverAdvice(headers: [:]) == nil)
    }
}
