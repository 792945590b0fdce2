import Foundation
import Testing

@testable import LLMClient

/// The transport may be let go at any moment, its loop thread not yet started or still polling: no order of
/// release and shutdown may touch a freed object. Set RERANK_TEST_LONG=1 for many more rounds.
@Suite("CurlTransport shutdown ordering")
struct CurlTransportLifetimeTests {
    static let rounds = ProcessInfo.processInfo.environment["RERANK_TEST_LONG"] == "1" ? 5000 : 300

    @Test("a transport released at once, before its thread runs, never crashes")
    func releasedAtOnce() {
        // Before the fix this read an unowned reference to a freed transport within a few rounds (a trap,
        // which fails the run); the count below checks the rounds all ran.
        var made = 0
        for _ in 0..<Self.rounds {
            _ = CurlTransport(maxConnections: 1)
            made += 1
        }
        #expect(made == Self.rounds)
    }

    @Test("a transport shut down and released while a call fails, in a loop, answers every call")
    func releasedWhileCalling() async {
        var answered = 0
        for round in 0..<(Self.rounds / 10) {
            let transport = CurlTransport(maxConnections: 2)
            // Port 9 (discard) on loopback refuses the connection at once.
            let request = HTTPRequest(url: "http://127.0.0.1:9/v1/models", headers: [], body: Data(), connectTimeout: 1, totalTimeout: 2)
            do {
                _ = try await transport.send(request)
            } catch {
                answered += 1
            }
            if round % 2 == 0 { transport.shutdown() }
        }
        #expect(answered == Self.rounds / 10)
    }
}
