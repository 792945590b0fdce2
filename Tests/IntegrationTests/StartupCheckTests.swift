import Foundation
import Testing

/// A wrong key, model or base path found at start stops serve and the batch jobs; an outage does not stop serve.
/// The refusing endpoint is our fault proxy answering every call with the status; nothing behind it is reached.
@Suite("Misconfiguration fails fast", .serialized)
struct StartupCheckTests {
    /// A batch job run to its end: exit status and stderr.
    static func runJob(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServeProcess.binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["RERANK_AGENT_HOME"] = LocalServer.packageRoot.path
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let collected = ServeProcess.OutputCollector(handle: errors.fileHandleForReading)
        await AsyncWait.exit(of: process)
        return (process.terminationStatus, collected.text())
    }

    static func reasonsInput() throws -> (input: String, output: String) {
        let folder = try ScratchFolder.make("startup")
        let line =
            #"{"id":"r1","user":{"history":[{"id":"h","title":"Toy Story (1995)"}]},"items":[{"id":"a","title":"Heat (1995)"},{"id":"b","title":"Fargo (1996)"}],"count":1}"#
        let input = folder.appendingPathComponent("in.jsonl").path
        try Data((line + "\n" + line.replacingOccurrences(of: "r1", with: "r2") + "\n").utf8).write(to: URL(fileURLWithPath: input))
        return (input, folder.appendingPathComponent("out.jsonl").path)
    }

    @Test("serve exits 78 with the message when the endpoint answers 401, 403 or 404, and answers nothing", arguments: [401, 403, 404])
    func serveRefused(status: Int) async throws {
        let proxy = try FaultProxy(upstream: "http://127.0.0.1:9/v1") { _ in .status(status) }
        defer { proxy.stop() }
        // Listwise: the line needs one call, so the count below does not depend on how many pointwise calls
        // fail before the check's answer stops serve.
        let line = ServeProcess.requestLine(id: "x1", options: #"{"strategy":"listwise"}"#)
        let run = try await ServeProcess.run(lines: [line], baseURL: proxy.baseURL)
        #expect(run.status == 78, "\(run.stderr)")
        #expect(run.answers.isEmpty)
        let hint = status == 404 ? "base_url" : "OPENAI_API_KEY"
        #expect(run.stderr.contains("HTTP \(status)") && run.stderr.contains(hint), "\(run.stderr)")
        // 404 on /models alone proves nothing (some servers have none), so a one-token chat call confirmed it.
        // The loop runs beside the check (a signal must never wait on it), so the line's own call may come too;
        // its answer is held and dropped with the rest.
        #expect((status == 404 ? 2 : 1)...(status == 404 ? 3 : 2) ~= proxy.requestsSeen)
    }

    @Test("serve against an endpoint that is down keeps going, exit 0, and sums up on stderr")
    func serveOutageSummary() async throws {
        let run = try await ServeProcess.run(
            lines: [ServeProcess.requestLine(id: "d1"), "{broken", ServeProcess.requestLine(id: "d2")], baseURL: "http://127.0.0.1:9/v1")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.answers.count == 3)
        #expect(run.stderr.contains("serve: 3 answered, 2 degraded, 1 errors, 3 written"), "\(run.stderr)")
    }

    @Test("a batch job stops with exit 78 on a refused key before any line is worked on")
    func reasonsRefused() async throws {
        let proxy = try FaultProxy(upstream: "http://127.0.0.1:9/v1") { _ in .status(401) }
        defer { proxy.stop() }
        let (input, output) = try Self.reasonsInput()
        let run = try await Self.runJob(["reasons", "--input", input, "--output", output, "--base-url", proxy.baseURL])
        #expect(run.status == 78, "\(run.stderr)")
        #expect(run.stderr.contains("OPENAI_API_KEY"))
        let written = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        #expect(written.isEmpty)
    }

    @Test("the rerank job and eval run stop with exit 78 on an unknown model before any list is ranked", arguments: ["rerank", "eval run"])
    func rerankAndEvalRefused(command: String) async throws {
        let proxy = try FaultProxy(upstream: "http://127.0.0.1:9/v1") { _ in .status(404) }
        defer { proxy.stop() }
        let (input, output) = try Self.reasonsInput()
        let line =
            #"{"id":"l1","user":{"history":[{"id":"h","title":"Toy Story (1995)"}]},"candidates":[{"id":"a","title":"Heat (1995)"},{"id":"b","title":"Fargo (1996)"}],"labels":{"a":1}}"#
        try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: input))
        let arguments =
            command == "rerank"
            ? ["rerank", "--input", input, "--output", output]
            : ["eval", "run", "--lists", input, "--no-cache", "--report", output + ".report"]
        let run = try await Self.runJob(arguments + ["--base-url", proxy.baseURL])
        #expect(run.status == 78, "\(run.stderr)")
        #expect(run.stderr.contains("rerank-agent \(command):"), "\(run.stderr)")
        #expect(((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: output + ".report"))
    }

    @Test("a batch job whose every line degraded exits 69 after its summary line")
    func reasonsAllFailed() async throws {
        let (input, output) = try Self.reasonsInput()
        let run = try await Self.runJob([
            "reasons", "--input", input, "--output", output, "--base-url", "http://127.0.0.1:9/v1", "--set", "endpoint.max_retries=0",
        ])
        #expect(run.status == 69, "\(run.stderr)")
        #expect(run.stderr.contains("reasons: 2 done, 0 failed, 0 already done; degraded 2,"), "\(run.stderr)")
        #expect(run.stderr.contains("every one of the 2 lines failed or degraded"))
    }

    @Test(
        "a variable of our own is warned about, RERANK_AGENT_BIN and Kubernetes' service variables are passed over, a mistyped key of a known section stops with 64"
    )
    func environmentVariables() async throws {
        let relaxed = try await Self.runJob(
            ["config"],
            environment: [
                "RERANK_AGENT_BIN": "/opt/rerank-agent", "RERANK_AGENT_SERVICE_HOST": "10.0.0.7",
                "RERANK_AGENT_PORT_8080_TCP": "tcp://10.0.0.7:8080",
                "RERANK_AGENT_MY_OWN": "x",
            ])
        #expect(relaxed.status == 0, "\(relaxed.stderr)")
        #expect(relaxed.stderr.contains("warning: RERANK_AGENT_MY_OWN is not a configuration variable"))
        #expect(
            !relaxed.stderr.contains("RERANK_AGENT_BIN") && !relaxed.stderr.contains("SERVICE_HOST")
                && !relaxed.stderr.contains("PORT_8080"))
        let strict = try await Self.runJob(
            ["serve", "--base-url", "http://127.0.0.1:9/v1"], environment: ["RERANK_AGENT_ENDPOINT_MODLE": "x"])
        #expect(strict.status == 64)
        #expect(strict.stderr.contains("RERANK_AGENT_ENDPOINT_MODLE"))
    }
}

@Suite("Summary lines")
struct SummaryLineTests {
    @Test("score ends with one line on stderr counting what it scored and the lines it could not")
    func scoreSummary() async throws {
        let folder = try ScratchFolder.make("score")
        let input = folder.appendingPathComponent("in.jsonl").path
        let good =
            #"{"id":"l1","user":{"history":[{"title":"Toy Story (1995)"}]},"items":[{"id":"a","title":"Aladdin (1992)"},{"id":"b","title":"Fargo (1996)"}]}"#
        try Data((good + "\n{broken\n").utf8).write(to: URL(fileURLWithPath: input))
        let run = try await StartupCheckTests.runJob(["score", "--relevance", "bm25", "--input", input])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("score: 1 scored, 1 errors"), "\(run.stderr)")
    }
}

@Suite("scripts/install.sh")
struct InstallTests {
    @Test("the installed binary finds its prompts from any folder without RERANK_AGENT_HOME and names its commit")
    func installedBinary() async throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("install-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let install = Process()
        install.executableURL = URL(fileURLWithPath: "/bin/bash")
        install.arguments = [LocalServer.packageRoot.appendingPathComponent("scripts/install.sh").path, prefix]
        install.environment = ProcessInfo.processInfo.environment.merging(["RERANK_AGENT_INSTALL_BINARY": ServeProcess.binary]) { _, new in
            new
        }
        install.standardOutput = FileHandle.nullDevice
        install.standardError = FileHandle.nullDevice
        try install.run()
        await AsyncWait.exit(of: install)
        #expect(install.terminationStatus == 0)

        let config = Process()
        config.executableURL = URL(fileURLWithPath: prefix + "/bin/rerank-agent")
        config.arguments = ["config"]
        config.currentDirectoryURL = URL(fileURLWithPath: "/")
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "RERANK_AGENT_HOME")
        config.environment = environment
        let output = Pipe()
        config.standardOutput = output
        config.standardError = FileHandle.nullDevice
        try config.run()
        let text = ServeProcess.OutputCollector(handle: output.fileHandleForReading)
        await AsyncWait.exit(of: config)
        let printed = text.text()
        #expect(config.terminationStatus == 0)
        #expect(printed.contains("prompts.directory: \(prefix)/share/rerank-agent/Prompts"), "\(printed)")
        let recorded = try String(contentsOfFile: prefix + "/share/rerank-agent/BUILD_INFO", encoding: .utf8)
        let commit = recorded.replacingOccurrences(of: "commit=", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(commit.count == 40)
        #expect(printed.contains("commit: \(commit)"))
    }
}
