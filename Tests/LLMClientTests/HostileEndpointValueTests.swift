import Foundation
import Testing

@testable import LLMClient

/// Numbers and text an endpoint sends are bounded before anything adds, converts or prints them.
@Suite("Hostile values from the endpoint")
struct HostileEndpointValueTests {
    static let key = "sk-" + String(repeating: "Zq7", count: 55)  // 168 characters, as in a real report

    /// The pieces of `secret` of 8 characters found in `text`: any longer fragment holds one of them.
    static func fragments(of secret: String, in text: String) -> [String] {
        let characters = Array(secret)
        guard characters.count >= 8 else { return text.contains(secret) ? [secret] : [] }
        return (0...(characters.count - 8)).map { String(characters[$0..<$0 + 8]) }.filter { text.contains($0) }
    }

    @Test("usage counts of Int64.max, negative counts and absent usage are bounded to 0…maxReportedTokens")
    func usageBounded() throws {
        let body =
            #"{"choices":[{"message":{"content":"[1]"}}],"usage":{"prompt_tokens":9223372036854775807,"completion_tokens":-7,"prompt_tokens_details":{"cached_tokens":9223372036854775807}}}"#
        let response = try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(body.utf8))
        let usage = ChatCompletion(response: response, latencySeconds: 0, retries: 0).usage
        #expect(usage.promptTokens == ChatCompletion.maxReportedTokens)
        #expect(usage.completionTokens == 0)
        #expect(usage.cachedTokens == ChatCompletion.maxReportedTokens)
        // Summing any number of bounded calls saturates instead of trapping.
        var total = 0
        for _ in 0..<5 { total = total.saturatingAdding(Int.max) }
        #expect(total == Int.max)
        #expect(Int.min.saturatingAdding(-1) == Int.min)
    }

    @Test(
        "server waits of 1e300, infinity and NaN become bounded whole nanoseconds",
        arguments: ["1e300", "inf", "nan", "-1", "99999999999999999999"])
    func waitConversion(header: String) {
        let policy = RetryPolicy(maxRetries: 1, retryAfterCap: 1e300)
        let advice = RetryPolicy.serverAdvice(headers: ["retry-after": header])
        let wait = policy.delay(beforeRetry: 0, serverAdvice: advice, randomUnit: 0.5)
        let nanoseconds = EndpointSession.nanoseconds(wait)
        #expect(nanoseconds <= 86_400_000_000_000)
        #expect(EndpointSession.nanoseconds(.nan) == 0 && EndpointSession.nanoseconds(-.infinity) == 0)
        #expect(Int.clamped(1e300, to: 1...10) == 10 && Int.clamped(.nan, to: 1...10) == 1)
    }

    @Test("a key straddling the 200-byte excerpt or the 300-character message cap leaves no fragment")
    func redactBeforeCutting() {
        let redactor = Redactor(secrets: [Self.key])
        var leaks = 0
        for offset in stride(from: 0, through: 420, by: 3) {
            let text = String(repeating: "x", count: offset) + Self.key + " tail"
            let excerpt = EndpointSession.excerpt(Data(text.utf8), redactor)
            let message = EndpointSession.serverMessage(Data(#"{"error":{"message":"\#(text)"}}"#.utf8), redactor) ?? ""
            let plain = EndpointSession.serverMessage(Data(#"{"error":"\#(text)"}"#.utf8), redactor) ?? ""
            for output in [excerpt, message, plain] where !Self.fragments(of: Self.key, in: output).isEmpty { leaks += 1 }
            // Where the key stood within the excerpt, the marker says so whole.
            if offset < 190 { #expect(excerpt.contains(Redactor.marker), "\(excerpt)") }
        }
        #expect(leaks == 0)
    }

    @Test("a key followed by a combining mark or inside other scripts is still found: redaction matches bytes")
    func combiningMarks() {
        let redactor = Redactor(secrets: [Self.key])
        for suffix in ["\u{301}", "\u{200D}", "\u{FE0F}", "\u{20E3}"] {
            for prefix in ["", "e", "\u{1F600}", "x\u{308}"] {
                let clean = Array(redactor.redact(prefix + Self.key + suffix + " more").utf8)
                let key = Array(Self.key.utf8)
                let leaked = (0...(key.count - 8)).contains { start in
                    clean.count >= 8 && (0...(clean.count - 8)).contains { clean[$0..<$0 + 8].elementsEqual(key[start..<start + 8]) }
                }
                #expect(!leaked, "prefix \(prefix.unicodeScalars.map(\.value)) suffix \(suffix.unicodeScalars.map(\.value))")
            }
        }
    }

    @Test("credentials in a URL are removed wherever the URL is printed")
    func urlCredentials() {
        let endpoint = EndpointConfiguration(baseURL: "http://user:Pa55w0rdSecret99@gateway.example:8080/v1", model: "m")
        #expect(endpoint.displayBaseURL == "http://[redacted]@gateway.example:8080/v1")
        let text = "could not reach http://user:Pa55w0rdSecret99@gateway.example:8080/v1/chat/completions (Pa55w0rdSecret99)"
        let clean = endpoint.redactor.redact(text)
        #expect(!clean.contains("Pa55w0rdSecret99"))
        #expect(!clean.contains("user:"))
        #expect(clean.contains("gateway.example:8080/v1/chat/completions"))
        #expect(
            Redactor.redactingURLCredentials("see https://tok3nOnlyValue@h/x and ftp://a:b@c")
                == "see https://[redacted]@h/x and ftp://[redacted]@c")
        #expect(Redactor.redactingURLCredentials("mail me at a@b, http://host/path@x") == "mail me at a@b, http://host/path@x")
    }

    @Test("the key in the model's own text is taken out of every choice")
    func modelText() throws {
        let body =
            #"{"choices":[{"message":{"content":"[1] > [2] Bearer \#(Self.key)","reasoning_content":"\#(Self.key)"}},{"message":{"content":"\#(Self.key)"}}]}"#
        let response = try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(body.utf8))
        let clean = ChatClient.redactingText(response, Redactor(secrets: [Self.key]))
        let texts = clean.choices.flatMap { [$0.message.content ?? "", $0.message.reasoningContent ?? ""] }.joined(separator: " ")
        #expect(Self.fragments(of: Self.key, in: texts).isEmpty)
        #expect(clean.text?.hasPrefix("[1] > [2]") == true)
    }

    @Test("logprob tokens are redacted: the key as one token, as its alternatives, and spelled a few bytes per token")
    func logprobTokens() throws {
        let pieces = stride(from: 0, to: Self.key.count, by: 3).map { start -> String in
            let from = Self.key.index(Self.key.startIndex, offsetBy: start)
            return String(Self.key[from..<(Self.key.index(from, offsetBy: 3, limitedBy: Self.key.endIndex) ?? Self.key.endIndex)])
        }
        let spelled = pieces.map { #"{"token":"\#($0)","logprob":-0.5}"# }.joined(separator: ",")
        let body =
            #"{"id":"\#(Self.key)","model":"\#(Self.key)","choices":[{"message":{"content":"A"},"finish_reason":"\#(Self.key)","logprobs":{"content":[{"token":"\#(Self.key)","logprob":-0.1,"top_logprobs":[{"token":"\#(Self.key.prefix(40))","logprob":-0.2},{"token":" B","logprob":-3}]},\#(spelled),{"token":" ok","logprob":-1}]}}]}"#
        let response = try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(body.utf8))
        let clean = ChatClient.redactingText(response, Redactor(secrets: [Self.key]))
        let everything = String(decoding: try JSONEncoder().encode(clean), as: UTF8.self)
        #expect(Self.fragments(of: Self.key, in: everything).isEmpty, "\(everything)")
        // Tokens that are no part of the key are kept as they came, so readings of labels still work.
        let tokens = clean.choices[0].logprobs?.content ?? []
        #expect(tokens.first?.topLogprobs?.last?.token == " B")
        #expect(tokens.last?.token == " ok")
        #expect(tokens.dropFirst().dropLast().allSatisfy { $0.token == Redactor.marker })
    }

    @Test("a piece of the key of eight bytes or more is a secret too; shorter ordinary words are not")
    func fragments() {
        let redactor = Redactor(secrets: [Self.key])
        for length in [8, 13, 40, Self.key.count - 1] {
            let start = Self.key.index(Self.key.startIndex, offsetBy: 5)
            let piece = String(Self.key[start...].prefix(length))
            #expect(redactor.redact("token: \(piece).") == "token: \(Redactor.marker).", "\(length)")
        }
        #expect(redactor.redact("plain words stay as they are") == "plain words stay as they are")
    }

    @Test("URL credentials are redacted in the encoded form a client sends them: Basic base64(user:password)")
    func basicAuthForms() {
        let endpoint = EndpointConfiguration(baseURL: "http://operator:Pa55%40w0rdSecret99@gateway.example/v1", model: "m")
        for userinfo in ["operator:Pa55@w0rdSecret99", "operator:Pa55%40w0rdSecret99"] {
            let basic = Data(userinfo.utf8).base64EncodedString()
            let clean = endpoint.redactor.redact("echoed header: Authorization: Basic \(basic)")
            #expect(!clean.contains(String(basic.suffix(12))), "\(clean)")
            #expect(clean.hasPrefix("echoed header: Authorization: Basic "))
        }
        // The user name alone is not a secret.
        #expect(endpoint.redactor.redact("operator on duty") == "operator on duty")
    }

    @Test("the 429 message names a key that exists")
    func rateLimitMessage() {
        let error = LLMClientError.forStatus(429, url: "u", model: "m", apiKeyVariable: "K", serverMessage: nil)
        #expect(error.message.contains("endpoint.max_concurrent_calls"))
        #expect(!error.message.contains("max_concurrent_requests"))
    }
}
