import Testing

@testable import RerankHTTP

@Suite("serve --http values")
struct HTTPServeValueTests {
    @Test(
        "--http reads [HOST:]PORT, the host 127.0.0.1 unless named",
        arguments: [
            ("8080", "127.0.0.1", 8080), ("0", "127.0.0.1", 0), ("0.0.0.0:9000", "0.0.0.0", 9000), ("localhost:1", "localhost", 1),
            ("[::1]:8080", "::1", 8080),
        ])
    func listenAddress(text: String, host: String, port: Int) throws {
        let address = try HTTPListenAddress(parsing: text)
        #expect(address.host == host)
        #expect(address.port == port)
    }

    @Test(
        "--http refuses what is not [HOST:]PORT, saying what it takes",
        arguments: ["", "http", "70000", "-1", ":80", "::1:80", "[::1]80", "a:b"])
    func badListenAddress(text: String) {
        #expect(throws: HTTPListenAddressError.self) { try HTTPListenAddress(parsing: text) }
        #expect(HTTPListenAddressError(text: text).description.contains("[HOST:]PORT"))
    }

    @Test("a bearer token admits exactly itself, whatever the scheme's case, and never prints")
    func bearerToken() throws {
        let token = try #require(BearerToken("s3cret"))
        #expect(token.admits(authorization: "Bearer s3cret"))
        #expect(token.admits(authorization: "bearer s3cret"))
        for refused in [
            nil, "", "Bearer", "Bearer ", "Bearer s3cre", "Bearer s3cretx", "Bearer S3CRET", "Basic s3cret", "s3cret", "Bearer  s3cret",
        ] {
            #expect(!token.admits(authorization: refused), "\(refused ?? "nil")")
        }
        #expect(!"\(token)".contains("s3cret"))
        #expect(BearerToken("") == nil)
        #expect(BearerToken(nil) == nil)
    }

    @Test("the constant-time comparison is equality")
    func constantTimeEqual() {
        #expect(BearerToken.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!BearerToken.constantTimeEqual([1, 2, 3], [1, 2]))
        #expect(!BearerToken.constantTimeEqual([1, 2], [1, 2, 0]))
        #expect(!BearerToken.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(BearerToken.constantTimeEqual([], []))
    }

    @Test("each route takes one method, and only the probes are open without the token")
    func routes() {
        #expect(HTTPRoute.allCases.filter { !$0.needsToken } == [.health, .ready])
        #expect(HTTPRoute.rerank.method == .post)
        #expect(HTTPRoute.metrics.method == .get)
    }
}
