import Foundation
import Testing

@Suite("The API key never leaves the process", .enabled(if: LocalServer.isAvailable), .serialized)
struct SecretsTests {
    static let marker = "sk-marker-5c1d9e2a7b3f4e60a8d1"

    func run(_ arguments: [String], input: String, environment extra: [String: String]) async throws -> (stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServeProcess.binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["RERANK_AGENT_HOME"] = LocalServer.packageRoot.path
        environment["OPENAI_API_KEY"] = Self.marker
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = ServeProcess.OutputCollector(handle: stdout.fileHandleForReading)
        let err = ServeProcess.OutputCollector(handle: stderr.fileHandleForReading)
        ChildInput.write(Data(input.utf8), to: stdin.fileHandleForWriting)
        try stdin.fileHandleForWriting.close()
        await AsyncWait.exit(of: process)
        return (out.text(), err.text())
    }

    @Test("no log line, answer, diagnostic, report or cache file contains the key, even when the server echoes it")
    func markerNowhere() async throws {
        let baseURL = try LocalServer.requireBaseURL()
        // The first call is refused with the key echoed back, as some providers do; later calls pass.
        let proxy = try FaultProxy(upstream: baseURL) { index in
            index == 0 ? .status(401, body: #"{"error":{"message":"Incorrect API key provided: \#(Self.marker)"}}"#) : .pass
        }
        defer { proxy.stop() }
        let folder = NSTemporaryDirectory() + "rerank-secrets-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var texts: [String] = []

        let serve = try await run(
            ["serve", "--base-url", proxy.baseURL, "--log-level", "trace", "--explain"],
            input: ServeProcess.requestLine(id: "k1") + "\n" + ServeProcess.requestLine(id: "k2") + "\n", environment: [:])
        texts += [serve.stdout, serve.stderr]
        #expect((serve.stdout + serve.stderr).contains("OPENAI_API_KEY"), "the 401 should name the variable to check")

        let list = ServeProcess.requestLine(id: "e1").dropLast() + #","labels":{"c2":1}}"#
        try String(list).write(toFile: "\(folder)/lists.jsonl", atomically: true, encoding: .utf8)
        let eval = try await run(
            [
                "eval", "--lists", "\(folder)/lists.jsonl", "--base-url", baseURL, "--cache", "\(folder)/cache.sqlite",
                "--report", "\(folder)/report", "--log-level", "trace", "--random-draws", "2", "--bootstrap-samples", "100",
            ],
            input: "", environment: [:])
        texts += [eval.stdout, eval.stderr]

        var files = 0
        if let enumerator = FileManager.default.enumerator(atPath: folder) {
            for case let path as String in enumerator {
                if let data = FileManager.default.contents(atPath: "\(folder)/\(path)") {
                    texts.append(String(decoding: data, as: UTF8.self))
                    files += 1
                }
            }
        }
        #expect(files >= 4, "the eval run should leave lists, a cache and a report: \(eval.stderr.suffix(400))")
        #expect(FileManager.default.fileExists(atPath: "\(folder)/cache.sqlite"))
        for text in texts {
            #expect(!text.contains(Self.marker))
        }
    }
}
