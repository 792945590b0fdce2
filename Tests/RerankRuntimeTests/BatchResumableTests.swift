import Foundation
import LLMClient
import RerankCore
import Testing

@testable import RerankRuntime

@Suite("Resumable batch output and the concurrent runner")
struct BatchResumableTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rerank-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("scanning finds complete records and stops before a truncated last line")
    func scan() {
        let text = "{\"id\":\"a\",\"x\":1}\n{\"id\":2}\n{\"id\":null,\"line\":7,\"error\":{}}\nnot json\n{\"id\":\"c\",\"x\""
        let scan = ResumableJSONLWriter.scan(Data(text.utf8))
        #expect(scan.keys == [.id("a"), .id("2"), .line(7)])
        #expect(scan.completeLength == text.utf8.count - "{\"id\":\"c\",\"x\"".utf8.count)
        #expect(scan.unreadable == 1)
        #expect(ResumableJSONLWriter.scan(Data()).completeLength == 0)
        #expect(ResumableJSONLWriter.scan(Data("{\"id\":\"only partial\"".utf8)).keys.isEmpty)
    }

    @Test("opening a file with a cut-off last line removes it, and appends go after the complete lines")
    func truncatedLine() throws {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("out.jsonl").path
        try Data("{\"id\":\"a\"}\n{\"id\":\"b\",\"cre".utf8).write(to: URL(fileURLWithPath: path))
        let writer = try ResumableJSONLWriter(path: path)
        #expect(writer.finished == [.id("a")])
        #expect(writer.truncatedBytes == "{\"id\":\"b\",\"cre".utf8.count)
        try writer.append("{\"id\":\"b\"}")
        writer.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"id\":\"a\"}\n{\"id\":\"b\"}\n")
        #expect(throws: BatchError.self) { try writer.append("{\"id\":\"c\"}") }
    }

    @Test("a second writer on the same file is refused while the first holds it")
    func exclusive() throws {
        let path = try temporaryDirectory().appendingPathComponent("out.jsonl").path
        let first = try ResumableJSONLWriter(path: path)
        #expect(throws: BatchError.self) { try ResumableJSONLWriter(path: path) }
        first.close()
        _ = try ResumableJSONLWriter(path: path)
    }

    @Test("a record containing a newline is refused rather than splitting the output")
    func newline() throws {
        let writer = try ResumableJSONLWriter(path: try temporaryDirectory().appendingPathComponent("o.jsonl").path)
        #expect(throws: BatchError.self) { try writer.append("{\"id\":\"a\"\n}") }
    }

    @Test("the runner never has more than its limit running and runs every job")
    func bounded() async {
        let counter = Counter()
        let jobs = AsyncStream<Int> { continuation in
            for value in 0..<20 { continuation.yield(value) }
            continuation.finish()
        }
        await BoundedConcurrentRunner(limit: 3).run(jobs) { _ in
            counter.enter()
            try? await Task.sleep(nanoseconds: 5_000_000)
            counter.leave()
        }
        #expect(counter.peak <= 3 && counter.peak >= 2)
        #expect(counter.total == 20)
    }

    @Test("a job resumed over a partial output writes each missing id once and none twice")
    func resume() async throws {
        let directory = try temporaryDirectory()
        let input = directory.appendingPathComponent("in.jsonl").path
        let output = directory.appendingPathComponent("out.jsonl").path
        let lines = (1...6).map { "{\"id\":\"r\($0)\"}" } + ["{not json", "", "{\"id\":\"r2\"}"]
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: input))
        // A previous run finished r1 and r3, and was killed while writing r4.
        try Data("{\"id\":\"r1\",\"done\":true}\n{\"id\":\"r3\",\"done\":true}\n{\"id\":\"r4\",\"do".utf8).write(
            to: URL(fileURLWithPath: output))
        let job = BatchJob(inputPath: input, outputPath: output, concurrency: 3, label: "test")
        let process: @Sendable (BatchLine) async -> BatchRecord = { line in
            guard case .line(let data) = line.content, (try? JSONSerialization.jsonObject(with: data)) != nil else {
                return .error(line.key, code: "invalid_json", message: "bad")
            }
            return BatchRecord(
                json: .object(line.key.outputMembers + [("done", .bool(true))]), failed: false, usage: TokenUsage(llmCalls: 1))
        }
        let summary = try await job.run(process)
        #expect(summary.alreadyDone == 2)
        #expect(summary.done == 5)
        #expect(summary.failed == 1)
        #expect(summary.duplicateIDs == 1)
        #expect(summary.truncatedBytes > 0)
        let records = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let ids = records.map { ($0["id"] as? String) ?? "line \($0["line"] ?? "?")" }
        #expect(ids.sorted() == ["line 7", "r1", "r2", "r3", "r4", "r5", "r6"])
        let again = try await job.run(process)
        // The repeated r2 is reported on every run, resumed or not: it never has a record of its own.
        #expect(again.done == 0 && again.alreadyDone == 7 && again.duplicateIDs == 1)
        #expect(again.linesWithoutRecord == 1 && again.missingRecordsProblem?.contains("lines 9") == true)
    }

    @Test("a rerun of rerank over ids written oddly (01, a repeated id, 1.0, an escaped name) appends nothing")
    func oddIDsResume() async throws {
        let directory = try temporaryDirectory()
        let input = directory.appendingPathComponent("in.jsonl").path
        let output = directory.appendingPathComponent("out.jsonl").path
        // One candidate each: the answer needs no model call, and carries the id the request decoder read.
        let candidates = #""candidates":[{"id":"a","title":"A"}]"#
        let lines = [
            #"{"id":01,\#(candidates)}"#, #"{"id":-01,\#(candidates)}"#, #"{"id":"x","id":"y",\#(candidates)}"#,
            #"{"id":7,"user":{"id":"u","id":"v"},\#(candidates)}"#, #"{"id":1.0,\#(candidates)}"#,
            #"{"\u0069d":"escaped",\#(candidates)}"#, #"{"id":"plain",\#(candidates)}"#,
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: input))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let service = RerankService(
            client: UnreachableEndpoint(), prompts: try PromptLibrary(directory: root.appendingPathComponent("Prompts").path), model: "m")
        let rerank = RerankJob(decoder: RequestDecoder(), service: service)
        let job = BatchJob(inputPath: input, outputPath: output, concurrency: 2, label: "test")
        let first = try await job.run { await rerank.process($0) }
        #expect(first.done == lines.count && first.duplicateIDs == 0)
        let written = try String(contentsOfFile: output, encoding: .utf8)
        let keys = written.split(separator: "\n").compactMap { BatchRecordKey.ofOutput(Data($0.utf8)) }
        #expect(Set(keys) == [.line(1), .line(2), .line(3), .line(4), .id("1"), .id("escaped"), .id("plain")])
        for _ in 0..<2 {
            let again = try await job.run { await rerank.process($0) }
            #expect(again.done == 0 && again.alreadyDone == lines.count)
            #expect(try String(contentsOfFile: output, encoding: .utf8) == written)
        }
    }

    /// An endpoint no test may reach: a call fails at once.
    struct UnreachableEndpoint: ChatCompleting {
        func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
            throw CancellationError()
        }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var running = 0
        private(set) var peak = 0
        private(set) var total = 0

        func enter() {
            lock.withLock {
                running += 1; total += 1; peak = max(peak, running)
            }
        }
        func leave() { lock.withLock { running -= 1 } }
    }
}
