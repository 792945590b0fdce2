import Foundation
import LLMClient
import RerankCore
import RerankRuntime
import Testing

/// A hostile endpoint of ours (the fault proxy answering by itself): absurd numbers, bodies past every limit,
/// key echoes and silent peers, at start-up, mid-request and at shutdown. Needs no model: nothing is forwarded.
@Suite("Hostile endpoints", .serialized)
struct HostileEndpointTests {
    static let key = "sk-hostile-" + String(repeating: "Qx9", count: 52)  // 167 characters
    static let password = "Pw-in-the-url-7f3a9c"

    static func endpoint(_ proxy: FaultProxy, retries: Int = 0, cap: Double = 5, maxResponseBytes: Int = 8 << 20) -> EndpointConfiguration {
        var endpoint = EndpointConfiguration(
            baseURL: proxy.baseURL, model: "m", apiKey: key, connectTimeout: 2, requestTimeout: 20,
            retry: RetryPolicy(maxRetries: retries, initialDelay: 0.01, maxDelay: 0.05, retryAfterCap: cap), maxConcurrentRequests: 4)
        endpoint.maxResponseBytes = maxResponseBytes
        return endpoint
    }

    static func service(_ proxy: FaultProxy) throws -> RerankService {
        let prompts = try PromptLibrary(directory: LocalServer.packageRoot.appendingPathComponent("Prompts").path)
        return RerankService(client: ChatClient(endpoint: endpoint(proxy)), prompts: prompts, model: "m")
    }

    /// Pieces of 8 characters of `secret` found in `text`.
    static func fragments(of secret: String, in text: String) -> Int {
        let characters = Array(secret)
        return (0...(characters.count - 8)).filter { text.contains(String(characters[$0..<$0 + 8])) }.count
    }

    static func request(_ options: RerankOptions) -> RerankRequest {
        var request = LocalServer.request(id: "h", options: options)
        request.candidates = Array(request.candidates.prefix(3))
        return request
    }

    @Test(
        "usage numbers past Int64, at its edges and negative, in every call of a request: complete answers, no trap",
        arguments: [
            "9223372036854775807", "-9223372036854775808", "18446744073709551616", "1e300", "-1", "0.5",
        ])
    func absurdUsage(number: String) async throws {
        let body = FaultProxy.completionBody(
            content: "[2] > [1] > [3]", promptTokens: number, completionTokens: number, cachedTokens: number)
        let proxy = try FaultProxy(upstream: "http://127.0.0.1:9/v1") { _ in .status(200, body: body) }
        defer { proxy.stop() }
        let service = try Self.service(proxy)
        for options in [
            RerankOptions(strategy: .listwise, votes: 3), RerankOptions(prompt: .palr, strategy: .listwise, votes: 2),
            RerankOptions(strategy: .pointwise),
            RerankOptions(strategy: .pairwise),
        ] {
            let request = Self.request(options)
            let answer = await service.rerank(request)
            #expect(answer.isCompletePermutation(of: request))
            // The usage block is accounting, not the answer: the text still ranks (pairwise cannot read "[2] > [1]").
            if options.strategy != .pairwise { #expect(!answer.degraded, "\(answer.degradedReason ?? "")") }
            let diagnostics = answer.diagnostics
            #expect(diagnostics.promptTokens >= 0 && diagnostics.promptTokens <= diagnostics.llmCalls * ChatCompletion.maxReportedTokens)
            #expect(diagnostics.completionTokens >= 0 && diagnostics.cachedTokens >= 0)
        }
    }

    /// A chat completion whose first token, and every alternative to it, is `token`.
    static func logprobsBody(token: String) -> String {
        let quoted = String(decoding: (try? JSONSerialization.data(withJSONObject: [token])) ?? Data("[\"\"]".utf8), as: UTF8.self)
            .dropFirst().dropLast()
        let alternatives = (0..<5).map { #"{"token":\#(quoted),"logprob":-\#($0).5}"# }.joined(separator: ",")
        return
            #"{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":\#(quoted)},"finish_reason":"stop","logprobs":{"content":[{"token":\#(quoted),"logprob":-0.1,"top_logprobs":[\#(alternatives)]}]}}],"usage":{"prompt_tokens":10,"completion_tokens":1}}"#
    }

    @Test(
        "a key returned as the first token and its alternatives reaches no answer of any strategy read from logprobs",
        arguments: [key, String(key.prefix(60)), String(key.prefix(40))])
    func keyInLogprobTokens(secret: String) async throws {
        let proxy = try FaultProxy(upstream: "http://127.0.0.1:9/v1") { _ in .status(200, body: Self.logprobsBody(token: secret)) }
        defer { proxy.stop() }
        let prompts = try PromptLibrary(directory: LocalServer.packageRoot.appendingPathComponent("Prompts").path)
        var endpoint = Self.endpoint(proxy)
        endpoint.apiKey = secret
        let service = RerankService(client: ChatClient(endpoint: endpoint), prompts: prompts, model: "m")
        var logits = RerankOptions(strategy: .listwise)
        logits.scoring = .logits
        var setwise = RerankOptions(strategy: .setwise)
        setwise.setSize = 2
        for options in [
            logits, setwise, RerankOptions(strategy: .pairwise), RerankOptions(strategy: .pointwise), RerankOptions(explain: true),
        ] {
            let request = Self.request(options)
            let answer = await service.rerank(request)
            #expect(answer.isCompletePermutation(of: request))
            let text = answer.outputJSON.serialized
            #expect(Self.fragments(of: secret, in: text) == 0, "\(options.strategy): \(text)")
        }
    }

    @Test("credentials in the base URL, echoed back as the Basic auth header a client sends, reach neither answers nor logs")
    func basicAuthEcho() async throws {
        let proxy = try FaultProxy(upstream: "http://127.0.0.1:9/v1") { _ in .echoAuthorization(template: "the gateway saw: {KEY}") }
        defer { proxy.stop() }
        let baseURL = proxy.baseURL.replacingOccurrences(of: "http://", with: "http://operator:\(Self.password)@")
        let run = try await SecretsTests().run(
            [
                "serve", "--base-url", baseURL, "--set", "endpoint.max_retries=0", "--set", "endpoint.api_key_env=RERANK_TEST_NO_KEY",
                "--explain",
            ],
            input: ServeProcess.requestLine(id: "b0") + "\n", environment: [:])
        let basic = Data("operator:\(Self.password)".utf8).base64EncodedString()
        #expect(run.stdout.contains("\"id\":\"b0\""), "\(run.stdout) \(run.stderr)")
        // The gateway did see the header (the explained raw output holds its redacted echo).
        #expect(run.stdout.contains("Basic \(Redactor.marker)"), "\(run.stdout)")
        #expect(!(run.stdout + run.stderr).contains(String(basic.prefix(12))), "\(run.stdout)")
        #expect(Self.fragments(of: basic, in: run.stdout + run.stderr) == 0)
        #expect(!(run.stdout + run.stderr).contains(Self.password))
    }

    @Test("a Retry-After of 1e300 under a cap of 1e300 waits, bounded, and the wait ends when the caller cancels")
    func hugeRetryAfter() async throws {
        let proxy = try FaultProxy(upstream: "http://127.0.0.1:9/v1") { _ in .status(429, headers: ["Retry-After": "1e300"]) }
        defer { proxy.stop() }
        let client = ChatClient(endpoint: Self.endpoint(proxy, retries: 1, cap: 1e300))
        let call = Task {
            try await client.complete(ChatCompletionRequest(model: "m", messages: [ChatMessage(role: .user, content: "hi")]))
        }
        await AsyncWait.until(seconds: 10) { proxy.requestsSeen >= 1 }
        await AsyncWait.sleep(seconds: 0.5)
        call.cancel()
        do {
            _ = try await call.value
            Issue.record("a 429 became an answer")
        } catch let error as LLMClientError {
            #expect(error.kind == .cancelled)
        }
        #expect(proxy.requestsSeen == 1)
    }

    @Test("a 150 MB body is abandoned at endpoint.max_response_bytes as it arrives, not read whole")
    func hugeBody() async throws {
        let proxy = try FaultProxy(upstream: "http://127.0.0.1:9/v1") { _ in .hugeBody(bytes: 150 << 20) }
        defer { proxy.stop() }
        let client = ChatClient(endpoint: Self.endpoint(proxy, maxResponseBytes: 1 << 20))
        let before = Self.residentKB()
        do {
            _ = try await client.complete(ChatCompletionRequest(model: "m", messages: [ChatMessage(role: .user, content: "hi")]))
            Issue.record("a 150 MB body was taken as an answer")
        } catch let error as LLMClientError {
            #expect(error.kind == .invalidResponse)
            #expect(error.message.contains("endpoint.max_response_bytes (1048576)"))
        }
        let grown = Self.residentKB() - before
        #expect(grown < 64 * 1024, "resident memory grew by \(grown) kB")
    }

    @Test("headers past every limit (400 of 1 kB each, one of 200 kB) fail the call cleanly", arguments: [400, 1])
    func hugeHeaders(count: Int) async throws {
        let value = String(repeating: "h", count: count == 1 ? 200_000 : 1000)
        let headers = Dictionary(uniqueKeysWithValues: (0..<count).map { ("X-Hostile-\($0)", value) })
        let proxy = try FaultProxy(upstream: "http://127.0.0.1:9/v1") { _ in
            .status(200, headers: headers, body: FaultProxy.completionBody(content: "[1]"))
        }
        defer { proxy.stop() }
        let client = ChatClient(endpoint: Self.endpoint(proxy))
        do {
            _ = try await client.complete(ChatCompletionRequest(model: "m", messages: [ChatMessage(role: .user, content: "hi")]))
            Issue.record("\(count) huge headers were taken as an answer")
        } catch let error as LLMClientError {
            #expect([.invalidResponse, .connectionFailed].contains(error.kind), "\(error.message)")
        }
    }

    /// This process's resident memory in kB.
    static func residentKB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
    }

    @Test("an endpoint that echoes the key puts none of it in explain output, the PALR profile, reasons or creatives")
    func keyEcho() async throws {
        let proxy = try FaultProxy(upstream: "http://127.0.0.1:9/v1") { _ in
            .echoAuthorization(template: #"[1] > [2] > [3] {KEY} {"50":"Because {KEY}","100":"Because {KEY} again"}"#)
        }
        defer { proxy.stop() }
        let service = try Self.service(proxy)
        var options = RerankOptions(prompt: .palr, strategy: .listwise)
        options.explain = true
        options.reasons = 2
        let answer = await service.rerank(Self.request(options))
        let text = ServeLoop.encode(answer)
        #expect(text.contains("[redacted]"))
        #expect(Self.fragments(of: Self.key, in: text) == 0)

        proxy.setChooser { _ in
            .echoAuthorization(template: #"{"creatives":[{"headline":"Get {KEY}","description":"Now with {KEY} inside"}]}"#)
        }
        let writer = CreativeWriter(
            client: ChatClient(endpoint: Self.endpoint(proxy)),
            prompt: try CreativePrompt(promptsDirectory: LocalServer.packageRoot.appendingPathComponent("Prompts").path), model: "m")
        let written = await writer.write(AdRequest(id: "a", product: .init(title: "Trail shoes")))
        let creatives: String
        switch written {
        case .success(let result): creatives = result.outputJSON.serialized
        case .failure(let failure): creatives = failure.message
        }
        #expect(Self.fragments(of: Self.key, in: creatives) == 0)
    }

    @Test("a key straddling the error excerpt and credentials in the base URL reach neither answers nor logs of serve")
    func serveLeaksNothing() async throws {
        let filler = String(repeating: "e", count: 190)
        let proxy = try FaultProxy(upstream: "http://127.0.0.1:9/v1") { index in
            index % 2 == 0
                ? .status(500, body: filler + Self.key + " trailing text")
                : .status(502, body: #"{"error":{"message":"\#(String(repeating: "m", count: 290))\#(Self.key)"}}"#)
        }
        defer { proxy.stop() }
        let baseURL = proxy.baseURL.replacingOccurrences(of: "http://", with: "http://operator:\(Self.password)@")
        let input = (0..<2).map { ServeProcess.requestLine(id: "k\($0)") + "\n" }.joined()
        let run = try await SecretsTests().run(
            ["serve", "--base-url", baseURL, "--set", "endpoint.max_retries=0", "--log-level", "debug"], input: input,
            environment: ["OPENAI_API_KEY": Self.key])
        let answers = run.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(answers.count == 2)
        #expect(
            answers.allSatisfy { $0["degraded"] as? Bool == true && ($0["degraded_reason"] as? String)?.contains("[redacted]") == true },
            "\(run.stdout)")
        #expect(run.stderr.contains("serving") && run.stderr.contains("[redacted]@127.0.0.1"))
        #expect(Self.fragments(of: Self.key, in: run.stdout + run.stderr) == 0)
        #expect(!(run.stdout + run.stderr).contains(Self.password))
    }

    @Test("SIGTERM while the start-up probe waits on a silent endpoint: every line read is answered and serve exits 0")
    func sigtermDuringProbe() async throws {
        let proxy = try FaultProxy(upstream: "http://127.0.0.1:9/v1") { _ in .stall(seconds: 30) }
        defer { proxy.stop() }
        let session = try ServeSession(
            baseURL: proxy.baseURL, arguments: ["--set", "serve.shutdown_grace_s=1", "--set", "endpoint.max_retries=0"])
        for index in 0..<3 { session.send(ServeProcess.requestLine(id: "p\(index)")) }
        // The probe is the first request the endpoint sees; the signal comes while it (and the calls) hang.
        await AsyncWait.until(seconds: 10) { proxy.requestsSeen >= 1 }
        await AsyncWait.sleep(seconds: 0.5)
        session.signal(SIGTERM)
        try #require(await session.waitForExit(seconds: 20))
        #expect(session.process.terminationReason == .exit && session.process.terminationStatus == 0)
        let answers = session.parsedAnswers()
        #expect(answers.map { $0["id"] as? String } == ["p0", "p1", "p2"])
        #expect(answers.allSatisfy { ($0["ranking"] as? [[String: Any]])?.count == 4 })
    }

    /// Whether process `pid` catches `number` (Linux: the SigCgt mask in /proc): the first thing the tool does,
    /// so from then on a signal is the command's to handle.
    static func catches(_ pid: Int32, _ number: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
            let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        return mask & (1 << UInt64(number - 1)) != 0
    }

    @Test("SIGTERM in serve's first milliseconds, while it loads its configuration and prompts: exit 0, never death by the signal")
    func sigtermAtStart() async throws {
        let proxy = try FaultProxy(upstream: "http://127.0.0.1:9/v1") { _ in
            .status(200, body: FaultProxy.completionBody(content: "[2] > [1] > [3] > [4]"))
        }
        defer { proxy.stop() }
        for attempt in 0..<10 {
            let session = try ServeSession(baseURL: proxy.baseURL, arguments: ["--set", "serve.shutdown_grace_s=2"])
            session.send(ServeProcess.requestLine(id: "s\(attempt)"))
            // A signal before the process's first instruction can only act by default; from the block on it is
            // serve's, however early in start-up.
            #expect(
                await AsyncWait.until(seconds: 10) { Self.catches(session.process.processIdentifier, SIGTERM) },
                "serve never caught SIGTERM")
            if attempt % 2 == 1 { usleep(useconds_t(attempt * 2000)) }
            session.signal(SIGTERM)
            try #require(await session.waitForExit(seconds: 20))
            #expect(session.process.terminationReason == .exit, "attempt \(attempt)")
            #expect(session.process.terminationStatus == 0, "attempt \(attempt)")
        }
    }

    @Test("a command that does not handle signals still ends by SIGTERM at once, as before")
    func otherCommandsEndBySignal() async throws {
        // `score` waits on a standard input nobody writes until the signal.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServeProcess.binary)
        process.arguments = ["score"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        await AsyncWait.until(seconds: 10) { Self.catches(process.processIdentifier, SIGTERM) }
        await AsyncWait.sleep(seconds: 0.3)
        kill(process.processIdentifier, SIGTERM)
        await AsyncWait.exit(of: process)
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM)
        try input.fileHandleForWriting.close()
    }

    @Test("Ctrl-C during eval run with lists in flight: it stops within seconds, says how to resume, exits 130")
    func evalRunInterrupted() async throws {
        let proxy = try FaultProxy(upstream: "http://127.0.0.1:9/v1") { index in
            index == 0 ? .status(404, body: "{}") : .stall(seconds: 60)
        }
        defer { proxy.stop() }
        let folder = NSTemporaryDirectory() + "rerank-eval-sigint-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let lists = (0..<4).map { ServeProcess.requestLine(id: "l\($0)").dropLast() + #","labels":{"c2":1}}"# }.joined(separator: "\n")
        try Data(lists.utf8).write(to: URL(fileURLWithPath: folder + "/lists.jsonl"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServeProcess.binary)
        process.arguments = [
            "eval", "run", "--lists", folder + "/lists.jsonl", "--cache", folder + "/cache.sqlite", "--base-url", proxy.baseURL,
            "--set", "endpoint.max_retries=0",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["RERANK_AGENT_HOME"] = LocalServer.packageRoot.path
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let collector = ServeProcess.OutputCollector(handle: errors.fileHandleForReading)
        try process.run()
        // The lists' calls hang at the endpoint; the signal comes while they are in flight.
        #expect(await AsyncWait.until(seconds: 20) { proxy.requestsSeen >= 2 })
        let signalled = Date()
        kill(process.processIdentifier, SIGINT)
        await AsyncWait.exit(of: process)
        #expect(Date().timeIntervalSince(signalled) < 5)
        #expect(process.terminationReason == .exit && process.terminationStatus == 130)
        #expect(collector.text().contains("run the same command again"), "\(collector.text())")
    }

    @Test("lines read ahead when the grace runs out: the answers are the first N lines in order, nothing skipped")
    func shutdownAnswersAPrefix() async throws {
        let proxy = try FaultProxy(upstream: "http://127.0.0.1:9/v1") { _ in .stall(seconds: 30) }
        defer { proxy.stop() }
        let session = try ServeSession(
            baseURL: proxy.baseURL,
            arguments: ["--set", "serve.shutdown_grace_s=1", "--set", "endpoint.max_retries=0", "--concurrency", "1"])
        let ids = (0..<6).map { "q\($0)" }
        for id in ids { session.send(ServeProcess.requestLine(id: id)) }
        await AsyncWait.until(seconds: 10) { proxy.requestsSeen >= 2 }
        session.signal(SIGTERM)
        try #require(await session.waitForExit(seconds: 20))
        #expect(session.process.terminationReason == .exit && session.process.terminationStatus == 0)
        let answered = session.parsedAnswers().compactMap { $0["id"] as? String }
        #expect(!answered.isEmpty)
        #expect(answered == Array(ids.prefix(answered.count)))
    }

    @Test("a batch job rerun with every id done exits 0, run after run (the shutdown race)")
    func rerunDoneJob() async throws {
        let folder = NSTemporaryDirectory() + "rerank-rerun-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let input = folder + "/in.jsonl", output = folder + "/out.jsonl"
        let ids = ["a", "b", "c"]
        try Data(ids.map { #"{"id":"\#($0)","user":{"history":[]},"items":[{"id":"i","title":"T"}]}"# }.joined(separator: "\n").utf8).write(
            to: URL(fileURLWithPath: input))
        try Data(ids.map { #"{"id":"\#($0)","reasons":[]}"# + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: output))
        let rounds = ProcessInfo.processInfo.environment["RERANK_TEST_LONG"] == "1" ? 200 : 12
        var statuses: [Int32] = []
        for _ in 0..<rounds {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ServeProcess.binary)
            process.arguments = ["reasons", "--input", input, "--output", output, "--base-url", "http://127.0.0.1:9/v1"]
            var environment = ProcessInfo.processInfo.environment
            environment["RERANK_AGENT_HOME"] = LocalServer.packageRoot.path
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            await AsyncWait.exit(of: process)
            statuses.append(process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus)
        }
        #expect(statuses.allSatisfy { $0 == 0 }, "\(statuses)")
    }
}
