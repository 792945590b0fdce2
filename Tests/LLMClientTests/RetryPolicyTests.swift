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
        #expect(RetryPolicy.serverAdvice(headers: ["retry-after": "Tue, 14 Nov 2023 22:13:15 GMT"], now: now) == 0)
        #expect(RetryPolicy.serverAdvice(headers: [:]) == nil)
    }

    /// Foundation's DateFormatter on Linux trapped on this header value (found by the fuzzer): a letter with a
    /// combining mark. The endpoint's bytes must never end the process.
    @Test(
        "a Retry-After of hostile bytes is no date and no crash",
        arguments: [
            "t\u{6D8}\"\"", "Tue, 14 Nov 2023 22:13:25 GMT\u{301}", "Tu\u{301}e, 14 Nov 2023 22:13:25 GMT", "Tue, 31 Feb 2023 22:13:25 GMT",
            "Tue, 14 Nov 2023 24:13:25 GMT", "Tue, 14 Nov 2023 22:13:25 PST", "",
        ])
    func hostileDates(_ value: String) {
        #expect(RetryPolicy.serverAdvice(headers: ["retry-after": value]) == nil)
    }

    /// The hand-written day count agrees with Foundation's calendar across leap years and centuries.
    @Test("HTTP dates agree with Foundation's calendar", arguments: [1900, 1970, 1999, 2000, 2024, 2100, 2400, 9999])
    func httpDatesAgree(_ year: Int) throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "GMT"))
        for (month, day) in [(1, 1), (2, 28), (3, 1), (12, 31)] {
            let expected = try #require(
                calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 8, minute: 49, second: 37)))
            let weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][calendar.component(.weekday, from: expected) - 1]
            let text = "\(weekday), \(day < 10 ? "0" : "")\(day) \(HTTPDate.months[month - 1]) \(year) 08:49:37 GMT"
            #expect(HTTPDate.parse(text) == expected, "\(text)")
        }
    }
}
