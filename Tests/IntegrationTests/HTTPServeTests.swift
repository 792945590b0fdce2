import Foundation
import Testing

/// `rerank-agent serve --http` as a client sees it: real HTTP over loopback to the built binary, with a
/// `FaultProxy` playing the model, so no model server is needed.
@Suite("rerank-agent serve --http")
struct HTTPServeTests {
    @Test("every route answers with its status, and a rerank answer is the stdin path's line")
    func routesAndStatuses() async throws {
        let server = try await HTTPServeProcess(arguments: ["--set", "serve.max_line_bytes=4096"])
        let port = server.port
        let json = ["Content-Type": "application/json"]

        let health = try await RawHTTP.request(port: port, "GET", "/healthz")
        #expect(health.status == 200)
        #expect(health.json?["status"] as? String == "ok")
        var ready = try await RawHTTP.request(port: port, "GET", "/readyz")
        for _ in 0..<50 where ready.status != 200 {
            await AsyncWait.sleep(seconds: 0.1)
            ready = try await RawHTTP.request(port: port, "GET", "/readyz")
        }
        #expect(ready.status == 200, "\(ready.text)")

        let line = HTTPServeProcess.requestLine(id: "r1")
        let ranked = try await RawHTTP.request(port: port, "POST", "/v1/rerank", headers: json, body: line)
        #expect(ranked.status == 200, "\(ranked.text)")
        #expect(ranked.headers["content-type"] == "application/json")
        #expect(ranked.text.hasSuffix("}\n"))
        let answer = try #require(ranked.json)
        #expect(answer["id"] as? String == "r1")
        #expect((answer["ranking"] as? [[String: Any]])?.compactMap { $0["id"] as? String }.sorted() == ["a", "b"])
        #expect(answer["degraded"] as? Bool == false)
        // The same line on stdin gets the same answer, but for the time it took.
        let stdin = try await ServeProcess.run(lines: [line], baseURL: server.proxy.baseURL)
        let stdinAnswer = try #require(stdin.answers.first)
        #expect(Self.withoutLatency(stdinAnswer) == Self.withoutLatency(answer))

        let notJSON = try await RawHTTP.request(port: port, "POST", "/v1/rerank", headers: json, body: #"{"id":"x","candidates":["#)
        #expect(notJSON.status == 400)
        #expect(Self.code(notJSON) == "invalid_json")
        #expect(notJSON.json?["id"] as? String == "x")
        let missing = try await RawHTTP.request(port: port, "POST", "/v1/rerank", headers: json, body: #"{"id":"m","user":{"history":[]}}"#)
        #expect(missing.status == 400)
        #expect(Self.code(missing) == "missing_field")
        #expect(missing.json?["id"] as? String == "m")
        let noType = try await RawHTTP.request(port: port, "POST", "/v1/rerank", body: line)
        #expect(noType.status == 200, "a body without a content type is read as JSON")

        let long = #"{"id":"big","pad":""# + String(repeating: "x", count: 5000) + #""}"#
        let declared = try await RawHTTP.request(port: port, "POST", "/v1/rerank", headers: json, body: long)
        #expect(declared.status == 413)
        #expect(Self.code(declared) == "line_too_long")
        let chunkedLong = "\(String(long.utf8.count, radix: 16))\r\n\(long)\r\n0\r\n\r\n"
        let streamed = try await RawHTTP.request(
            port: port, "POST", "/v1/rerank", headers: json.merging(["Transfer-Encoding": "chunked"]) { $1 }, body: chunkedLong)
        #expect(streamed.status == 413)
        #expect(Self.code(streamed) == "line_too_long")
        #expect(streamed.json?["id"] as? String == "big")

        let text = try await RawHTTP.request(port: port, "POST", "/v1/rerank", headers: ["Content-Type": "text/plain"], body: line)
        #expect(text.status == 415)
        #expect(Self.code(text) == "unsupported_media_type")
        let unknown = try await RawHTTP.request(port: port, "GET", "/v2/rerank")
        #expect(unknown.status == 404)
        #expect(Self.code(unknown) == "not_found")
        let wrongMethod = try await RawHTTP.request(port: port, "GET", "/v1/rerank")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["allow"] == "POST")
        #expect(try await RawHTTP.request(port: port, "DELETE", "/healthz").status == 405)

        let lines = [HTTPServeProcess.requestLine(id: "b1"), "{not json", "", HTTPServeProcess.requestLine(id: "b3")]
        let batch = try await RawHTTP.request(
            port: port, "POST", "/v1/rerank/batch", headers: ["Content-Type": "application/x-ndjson"], body: lines.joined(separator: "\n"))
        #expect(batch.status == 200)
        #expect(batch.headers["content-type"] == "application/x-ndjson")
        let answers = batch.text.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(answers.count == 3, "one answer per non-blank line: \(batch.text)")
        #expect(answers.first??["id"] as? String == "b1")
        #expect((answers.dropFirst().first ?? nil)?["error"] != nil)
        #expect(answers.last??["id"] as? String == "b3")
        let batchAsJSON = try await RawHTTP.request(port: port, "POST", "/v1/rerank/batch", headers: json, body: line)
        #expect(batchAsJSON.status == 415)

        let metrics = try await RawHTTP.request(port: port, "GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let samples = try PrometheusText.parse(metrics.text)
        #expect(samples[#"rerank_requests_total{outcome="ranked",strategy="listwise"}"#] == 4, "\(metrics.text)")
        #expect((samples[#"rerank_requests_total{outcome="error",strategy="none"}"#] ?? 0) >= 6)
        #expect(samples[#"rerank_llm_calls_total{strategy="listwise"}"#] == 4)
        #expect(samples[#"rerank_prompt_tokens_total{strategy="listwise"}"#] == 160)
        #expect(samples[#"rerank_cached_tokens_total{strategy="listwise"}"#] == 32)
        #expect(samples[#"rerank_prefill_tokens_total{strategy="listwise"}"#] == 128)
        #expect(samples[#"rerank_completion_tokens_total{strategy="listwise"}"#] == 24)
        #expect(samples[#"rerank_request_duration_seconds_count{strategy="listwise"}"#] == 4)
        #expect(samples[#"rerank_requests_in_flight"#] == 0)

        let stopped = await server.stop()
        #expect(stopped.status == 0, "\(stopped.stderr)")
    }

    @Test("hostile clients: pipelining, HTTP/1.0, slow headers, an endless chunked body, 10 MB of headers, a client gone mid-answer")
    func hostileClients() async throws {
        let server = try await HTTPServeProcess(arguments: ["--set", "serve.http_idle_timeout_s=1"])
        let port = server.port
        let line = HTTPServeProcess.requestLine(id: "p3")

        let pipelined =
            "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /v1/rerank HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: \(line.utf8.count)\r\n\r\n\(line)"
        let replies = try await RawHTTP.exchange(port: port, Data(pipelined.utf8))
        #expect(replies.map(\.status) == [200, 404, 200], "answered in the order asked")
        #expect(replies.last?.json?["id"] as? String == "p3")

        let old = try await RawHTTP.exchange(port: port, Data("GET /healthz HTTP/1.0\r\n\r\n".utf8))
        #expect(old.map(\.status) == [200])

        // A client that starts a request and goes quiet is cut off by the idle timeout, headers or body.
        for stalled in [
            "GET /healthz HTTP/1.1\r\nHost: x\r\n",
            "POST /v1/rerank HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"id\"\r\n",
        ] {
            let started = Date()
            let closed = try await RawHTTP.offPool {
                let socket = try RawHTTP.connect(port: port, timeout: 10)
                defer { close(socket) }
                _ = FaultProxy.sendAll(socket, Data(stalled.utf8))
                return RawHTTP.readToEnd(socket).closed
            }
            #expect(closed, "the server closed the stalled connection")
            #expect(Date().timeIntervalSince(started) < 6)
        }

        let huge = try await RawHTTP.offPool { () -> [RawHTTP.Reply] in
            let socket = try RawHTTP.connect(port: port, timeout: 10)
            defer { close(socket) }
            var head = "GET /healthz HTTP/1.1\r\nHost: x\r\n"
            let pad = String(repeating: "a", count: 8000)
            for index in 0..<1300 { head += "X-Pad-\(index): \(pad)\r\n" }
            _ = FaultProxy.sendAll(socket, Data((head + "\r\n").utf8))
            return (try? RawHTTP.parse(RawHTTP.readToEnd(socket).data)) ?? []
        }
        #expect(!huge.contains { $0.status == 200 }, "10 MB of headers are refused: \(huge.map(\.status))")

        // A client that sends a request and hangs up before the answer.
        _ = try await RawHTTP.offPool {
            let socket = try RawHTTP.connect(port: port)
            let request =
                "POST /v1/rerank HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(line.utf8.count)\r\n\r\n\(line)"
            _ = FaultProxy.sendAll(socket, Data(request.utf8))
            close(socket)
        }
        let garbage = try await RawHTTP.exchange(port: port, Data("NOT HTTP AT ALL\r\n\r\n".utf8))
        #expect(!garbage.contains { $0.status == 200 })

        let after = try await RawHTTP.request(port: port, "POST", "/v1/rerank", headers: ["Content-Type": "application/json"], body: line)
        #expect(after.status == 200, "the server still answers")
        let stopped = await server.stop()
        #expect(stopped.status == 0, "\(stopped.stderr)")
    }

    @Test("with a token set, /v1 and /metrics need it, the probes do not, and it is never echoed")
    func bearerToken() async throws {
        let secret = "s3cret-\(UUID().uuidString)"
        let server = try await HTTPServeProcess(
            arguments: ["--set", "serve.http_token_env=RERANK_TEST_HTTP_TOKEN"], environment: ["RERANK_TEST_HTTP_TOKEN": secret])
        let port = server.port
        let line = HTTPServeProcess.requestLine(id: "t")
        let json = ["Content-Type": "application/json"]
        var bodies: [String] = []
        for authorization in [nil, "Bearer wrong", "Bearer \(secret)x", "Basic \(secret)", "Bearer"] {
            var headers = json
            headers["Authorization"] = authorization
            let refused = try await RawHTTP.request(port: port, "POST", "/v1/rerank", headers: headers, body: line)
            #expect(refused.status == 401, "\(authorization ?? "none")")
            #expect(refused.headers["www-authenticate"] == "Bearer")
            #expect(Self.code(refused) == "unauthorized")
            bodies.append(refused.text)
        }
        #expect(try await RawHTTP.request(port: port, "GET", "/metrics").status == 401)
        #expect(try await RawHTTP.request(port: port, "GET", "/healthz").status == 200)
        for scheme in ["Bearer", "bearer"] {
            let admitted = try await RawHTTP.request(
                port: port, "POST", "/v1/rerank", headers: json.merging(["Authorization": "\(scheme) \(secret)"]) { $1 }, body: line)
            #expect(admitted.status == 200)
        }
        let metrics = try await RawHTTP.request(port: port, "GET", "/metrics", headers: ["Authorization": "Bearer \(secret)"])
        #expect(metrics.status == 200)
        #expect(try PrometheusText.parse(metrics.text)[#"rerank_requests_total{outcome="unauthorized",strategy="none"}"#] == 6)
        let stopped = await server.stop()
        #expect(!stopped.stderr.contains(secret))
        #expect(!bodies.joined().contains(secret))
        #expect(!metrics.text.contains(secret))
    }

    @Test("past serve.http_max_in_flight a request gets 429 with Retry-After, and the admitted one its answer")
    func boundedInFlight() async throws {
        let server = try await HTTPServeProcess(modelSeconds: 3, arguments: ["--set", "serve.http_max_in_flight=1"])
        let port = server.port
        let json = ["Content-Type": "application/json"]
        async let first = RawHTTP.request(port: port, "POST", "/v1/rerank", headers: json, body: HTTPServeProcess.requestLine(id: "first"))
        // The second goes out once the server holds the first, however slowly a loaded machine delivers it.
        for _ in 0..<100 {
            let metrics = try await RawHTTP.request(port: port, "GET", "/metrics")
            if (try? PrometheusText.parse(metrics.text))?["rerank_requests_in_flight"] == 1 { break }
            await AsyncWait.sleep(seconds: 0.1)
        }
        let second = try await RawHTTP.request(
            port: port, "POST", "/v1/rerank", headers: json, body: HTTPServeProcess.requestLine(id: "second"))
        #expect(second.status == 429)
        #expect(second.headers["retry-after"] == "1")
        #expect(Self.code(second) == "busy")
        let admitted = try await first
        #expect(admitted.status == 200)
        #expect(admitted.json?["id"] as? String == "first")
        _ = await server.stop()
    }

    @Test("SIGTERM mid-load: every accepted request is answered in full, then the server exits 0 and refuses connections")
    func sigtermMidLoad() async throws {
        let server = try await HTTPServeProcess(modelSeconds: 1.0, arguments: ["--concurrency", "4"])
        let port = server.port
        let json = ["Content-Type": "application/json"]
        let replies = try await withThrowingTaskGroup(of: RawHTTP.Reply.self) { group in
            for index in 0..<4 {
                group.addTask {
                    try await RawHTTP.request(
                        port: port, "POST", "/v1/rerank", headers: json, body: HTTPServeProcess.requestLine(id: "s\(index)"))
                }
            }
            await AsyncWait.sleep(seconds: 0.5)
            kill(server.process.processIdentifier, SIGTERM)
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(replies.map(\.status) == [200, 200, 200, 200])
        #expect(replies.allSatisfy { $0.json?["degraded"] as? Bool == false }, "finished within the grace, not cut short")
        let stopped = await server.stop()
        #expect(stopped.status == 0, "\(stopped.stderr)")
        #expect(throws: RawHTTP.Failure.self) { _ = try RawHTTP.connect(port: port, timeout: 1) }
    }

    @Test("a batch streams: the first line's answer arrives while the client is still sending")
    func batchStreams() async throws {
        let server = try await HTTPServeProcess()
        let port = server.port
        let (first, ids) = try await RawHTTP.offPool { try RawHTTP.batchInTwo(port: port, pause: 0) }
        #expect(first.contains(#""id":"one""#), "the first answer came before the second line was sent")
        #expect(ids == ["one", "two"])
        _ = await server.stop()
    }

    @Test(
        "a client that trickles its headers or body, never silent, is cut off at serve.http_read_timeout_s; a batch paced by its ranking is not"
    )
    func tricklingClients() async throws {
        let server = try await HTTPServeProcess(arguments: [
            "--set", "serve.http_idle_timeout_s=5", "--set", "serve.http_read_timeout_s=1.5",
        ])
        let port = server.port
        let line = HTTPServeProcess.requestLine(id: "slow")
        let padding = String(repeating: "a", count: 40)
        for (start, rest) in [
            ("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ", padding),
            (
                "POST /v1/rerank HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(line.utf8.count)\r\n\r\n",
                line
            ),
        ] {
            // A byte every 0.25 s: never silent for the 5 s idle timeout, and 40 bytes would take 10 s.
            let cut = try await RawHTTP.offPool { try RawHTTP.trickle(port: port, start: start, trickle: rest, interval: 0.25) }
            let seconds = try #require(cut, "the trickling connection stayed open: \(start.prefix(20))")
            #expect(seconds >= 1.2 && seconds < 4.5, "cut off after \(seconds) s")
        }

        // A batch whose second line comes after the read timeout (the client waited for the first answer) is
        // read as it ranks, and answered in full.
        let (_, ids) = try await RawHTTP.offPool { try RawHTTP.batchInTwo(port: port, pause: 2) }
        #expect(ids == ["one", "two"])

        // A keep-alive client that sends its next request after a pause shorter than the read timeout is served.
        let answers = try await RawHTTP.offPool { () -> [RawHTTP.Reply] in
            let socket = try RawHTTP.connect(port: port, timeout: 10)
            defer { close(socket) }
            _ = FaultProxy.sendAll(socket, Data("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            Thread.sleep(forTimeInterval: 1)
            _ = FaultProxy.sendAll(socket, Data("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
            return try RawHTTP.parse(RawHTTP.readToEnd(socket).data)
        }
        #expect(answers.map(\.status) == [200, 200])
        let stopped = await server.stop()
        #expect(stopped.status == 0, "\(stopped.stderr)")
    }

    @Test("SIGTERM with requests still running past serve.shutdown_grace_s: they are answered degraded, and exit 0")
    func graceRunsOut() async throws {
        let server = try await HTTPServeProcess(modelSeconds: 5, arguments: ["--set", "serve.shutdown_grace_s=0.5"])
        let port = server.port
        let started = Date()
        async let reply = RawHTTP.request(
            port: port, "POST", "/v1/rerank", headers: ["Content-Type": "application/json"], body: HTTPServeProcess.requestLine(id: "late"))
        await AsyncWait.sleep(seconds: 0.5)
        kill(server.process.processIdentifier, SIGTERM)
        let answer = try await reply
        #expect(answer.status == 200)
        #expect(answer.json?["degraded"] as? Bool == true)
        #expect(answer.json?["id"] as? String == "late")
        let stopped = await server.stop()
        #expect(stopped.status == 0, "\(stopped.stderr)")
        #expect(Date().timeIntervalSince(started) < 4, "the grace, not the model, decided when it ended")
    }

    @Test("a refused key at start ends serve --http with exit 78; an address in use with exit 71")
    func startupFailures() async throws {
        let proxy = try FaultProxy(upstream: "http://127.0.0.1:9/v1") { _ in .status(401) }
        defer { proxy.stop() }
        let refused = try await HTTPServeProcess.runToExit(["--http", "127.0.0.1:0", "--base-url", proxy.baseURL])
        #expect(refused.status == 78, "\(refused.stderr)")
        #expect(refused.stderr.contains("HTTP 401"))

        let server = try await HTTPServeProcess()
        let taken = try await HTTPServeProcess.runToExit(["--http", "127.0.0.1:\(server.port)", "--base-url", server.proxy.baseURL])
        #expect(taken.status == 71, "\(taken.stderr)")
        #expect(taken.stderr.contains("cannot listen on 127.0.0.1:\(server.port)"))
        _ = await server.stop()

        let malformed = try await HTTPServeProcess.runToExit(["--http", "localhost:http"])
        #expect(malformed.status == 64, "\(malformed.stderr)")
        #expect(malformed.stderr.contains("[HOST:]PORT"))
    }

    @Test("a deadline from the header or options.deadline_ms, the tighter, answers partial at it; a bad header is 400")
    func deadlines() async throws {
        let server = try await HTTPServeProcess(modelSeconds: 30)
        let port = server.port
        let json = ["Content-Type": "application/json"]
        let line = HTTPServeProcess.requestLine(id: "d")
        let tighterInLine = line.replacingOccurrences(of: #""options":{"#, with: #""options":{"deadline_ms":300,"#)
        for (headers, body) in [
            (json.merging(["X-Rerank-Deadline-Ms": "300"]) { $1 }, line),
            (json.merging(["X-Rerank-Deadline-Ms": "60000"]) { $1 }, tighterInLine),
        ] {
            let started = Date()
            let answer = try await RawHTTP.request(port: port, "POST", "/v1/rerank", headers: headers, body: body)
            #expect(answer.status == 200)
            #expect(answer.json?["partial"] as? Bool == true)
            #expect((answer.json?["ranking"] as? [[String: Any]])?.count == 2, "every candidate, in upstream order")
            #expect(Date().timeIntervalSince(started) < 15, "answered at the deadline, not when the model (30 s) would have")
        }
        let bad = try await RawHTTP.request(
            port: port, "POST", "/v1/rerank", headers: json.merging(["X-Rerank-Deadline-Ms": "soon"]) { $1 }, body: line)
        #expect(bad.status == 400)
        #expect(Self.code(bad) == "invalid_field")
        #expect(bad.json?["error"].map { "\($0)" }?.contains("X-Rerank-Deadline-Ms") == true)
        _ = await server.stop()
    }

    static func code(_ reply: RawHTTP.Reply) -> String? {
        (reply.json?["error"] as? [String: Any])?["code"] as? String
    }

    static func withoutLatency(_ answer: [String: Any]) -> NSDictionary {
        var answer = answer
        if var diagnostics = answer["diagnostics"] as? [String: Any] {
            diagnostics["latency_ms"] = nil
            answer["diagnostics"] = diagnostics
        }
        return answer as NSDictionary
    }
}

/// The Prometheus text exposition format, read strictly: `# HELP` and `# TYPE` comments, and samples
/// `name{label="value",…} number`; anything else is an error naming the line.
enum PrometheusText {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// Every sample, keyed by its name and labels as written.
    static func parse(_ text: String) throws -> [String: Double] {
        var samples: [String: Double] = [:]
        var typed: Set<String> = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ")
                guard parts.count >= 3, ["HELP", "TYPE"].contains(parts[1]) else { throw Malformed(description: "comment: \(line)") }
                if parts[1] == "TYPE" {
                    guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else {
                        throw Malformed(description: "type: \(line)")
                    }
                    typed.insert(String(parts[2]))
                }
                continue
            }
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                throw Malformed(description: "sample: \(line)")
            }
            let key = String(line[..<space])
            let name = key.prefix { $0 != "{" }
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }) else {
                throw Malformed(description: "name: \(line)")
            }
            if key.contains("{") {
                guard key.hasSuffix("}") else { throw Malformed(description: "labels: \(line)") }
                let labels = key.dropFirst(name.count + 1).dropLast()
                for pair in labels.split(separator: ",") {
                    guard let equals = pair.firstIndex(of: "="), pair[pair.index(after: equals)...].hasPrefix("\""), pair.hasSuffix("\"")
                    else {
                        throw Malformed(description: "label: \(line)")
                    }
                }
            }
            let family = ["_bucket", "_sum", "_count"].reduce(String(name)) { name, suffix in
                name.hasSuffix(suffix) && typed.contains(String(name.dropLast(suffix.count))) ? String(name.dropLast(suffix.count)) : name
            }
            guard typed.contains(family) else { throw Malformed(description: "no TYPE for \(name)") }
            samples[key] = value
        }
        return samples
    }
}
