import Foundation
import Testing

/// Runs the built `rerank-agent serve` as a user would, lines in, lines out.
enum ServeProcess {
    static var binary: String {
        LocalServer.packageRoot.appendingPathComponent(".build/debug/rerank-agent").path
    }

    struct Run {
        var answers: [[String: Any]]
        var stderr: String
        var status: Int32
    }

    /// Feeds `lines` one at a time; `between` runs after each line is written.
    static func run(lines: [String], baseURL: String, extraArguments: [String] = [], between: ((Int) async -> Void)? = nil) async throws
        -> Run
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments =
            ["serve", "--base-url", baseURL, "--set", "endpoint.max_retries=1", "--set", "endpoint.connect_timeout_s=2"] + extraArguments
        var environment = ProcessInfo.processInfo.environment
        environment["RERANK_AGENT_HOME"] = LocalServer.packageRoot.path
        process.environment = environment
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let collected = OutputCollector(handle: output.fileHandleForReading)
        let errorText = OutputCollector(handle: errors.fileHandleForReading)
        for (index, line) in lines.enumerated() {
            ChildInput.write(Data((line + "\n").utf8), to: input.fileHandleForWriting)
            await between?(index)
        }
        try input.fileHandleForWriting.close()
        await AsyncWait.exit(of: process)
        let answers = collected.text().split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        return Run(answers: answers, stderr: errorText.text(), status: process.terminationStatus)
    }

    /// Reads a pipe to its end on a thread of its own, so neither side blocks.
    final class OutputCollector: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(handle: FileHandle) {
            Thread {
                self.data = handle.readDataToEndOfFile()
                self.done.signal()
            }.start()
        }

        func text() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }

    static func requestLine(id: String, candidates: Int = 4, options: String = "{}") -> String {
        let titles = ["Star Wars (1977)", "Fargo (1996)", "Heat (1995)", "Casablanca (1942)", "Alien (1979)", "Clueless (1995)"]
        let items = (0..<candidates).map { #"{"id":"c\#($0)","title":"\#(titles[$0 % titles.count])","score":\#(1.0 - Double($0) * 0.1)}"# }
        return
            #"{"id":"\#(id)","user":{"id":"u","history":[{"id":"h","title":"Toy Story (1995)"}]},"candidates":[\#(items.joined(separator: ","))],"options":\#(options)}"#
    }
}

@Suite("rerank-agent serve", .enabled(if: LocalServer.isAvailable), .serialized)
struct ServeCommandTests {
    @Test("a malformed line between two good ones yields three answers in order, the middle an error with its id")
    func malformedBetweenGood() async throws {
        let run = try await ServeProcess.run(
            lines: [ServeProcess.requestLine(id: "a"), #"{"id": "broken", "candidates": [ {"#, ServeProcess.requestLine(id: "c")],
            baseURL: try LocalServer.requireBaseURL())
        #expect(run.status == 0, "\(run.stderr)")
        try #require(run.answers.count == 3, "\(run.stderr)")
        #expect(run.answers.map { $0["id"] as? String } == ["a", "broken", "c"])
        #expect((run.answers[1]["error"] as? [String: Any])?["code"] as? String == "invalid_json")
        for answer in [run.answers[0], run.answers[2]] {
            let ranking = try #require(answer["ranking"] as? [[String: Any]])
            #expect(ranking.compactMap { $0["id"] as? String }.sorted() == ["c0", "c1", "c2", "c3"])
            #expect(answer["degraded"] as? Bool == false)
        }
    }

    @Test("the server going away mid-stream degrades the later answers, complete, and nothing crashes")
    func serverStopsMidStream() async throws {
        let proxy = try FaultProxy(upstream: try LocalServer.requireBaseURL())
        let lines = (0..<4).map { ServeProcess.requestLine(id: "s\($0)") }
        let run = try await ServeProcess.run(lines: lines, baseURL: proxy.baseURL, extraArguments: ["--concurrency", "1"]) { index in
            if index == 0 {
                // Let the first request reach the real model, then take the endpoint away.
                await AsyncWait.until(seconds: 30) { proxy.requestsSeen > 0 }
                await AsyncWait.sleep(seconds: 0.5)
                proxy.stop()
            }
        }
        #expect(run.status == 0, "\(run.stderr)")
        try #require(run.answers.count == 4, "\(run.stderr)")
        #expect(run.answers.map { $0["id"] as? String } == ["s0", "s1", "s2", "s3"])
        for answer in run.answers {
            let ranking = try #require(answer["ranking"] as? [[String: Any]])
            #expect(ranking.compactMap { $0["id"] as? String }.sorted() == ["c0", "c1", "c2", "c3"])
        }
        let last = run.answers[3]
        #expect(last["degraded"] as? Bool == true)
        #expect((last["degraded_reason"] as? String)?.isEmpty == false)
        #expect((last["ranking"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["c0", "c1", "c2", "c3"])
    }

    @Test("a bad configuration value stops serve with exit 64 and names the key")
    func badConfiguration() async throws {
        let run = try await ServeProcess.run(
            lines: [], baseURL: "http://127.0.0.1:9/v1", extraArguments: ["--set", "serve.concurrency=many"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("serve.concurrency"))
    }
}
