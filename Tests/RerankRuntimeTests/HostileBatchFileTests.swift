import Foundation
import JSONLines
import RerankCore
import Testing

@testable import RerankRuntime

/// Batch input files built to break identity and file handling.
@Suite("Hostile batch input files")
struct HostileBatchFileTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rerank-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a batch job gives every line its own record: broken lines by line number, NFC and NFD ids apart")
    func batchIdentity() async throws {
        let directory = try temporaryDirectory()
        let input = directory.appendingPathComponent("in.jsonl").path
        let output = directory.appendingPathComponent("out.jsonl").path
        let lines = [
            #"{"user":{"id":"uX"},"items":[ {"#, #"{"user":{"id":"uX"},"items":[ ["#, #"{"id":"caf\#u{E9}"}"#, #"{"id":"cafe\#u{301}"}"#,
            #"{"id":"ok"}"#,
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: input))
        let job = BatchJob(inputPath: input, outputPath: output, concurrency: 2, label: "test")
        let process: @Sendable (BatchLine) async -> BatchRecord = { line in
            BatchRecord(json: .object(line.key.outputMembers + [("done", .bool(true))]), failed: false, usage: TokenUsage())
        }
        let summary = try await job.run(process)
        #expect(summary.done == 5 && summary.duplicateIDs == 0 && summary.linesWithoutRecord == 0 && summary.missingRecordsProblem == nil)
        let records = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").compactMap {
            BatchRecordKey.ofOutput(Data($0.utf8))
        }
        #expect(Set(records) == [.line(1), .line(2), .id("caf\u{E9}"), .id("cafe\u{301}"), .id("ok")])
        let again = try await job.run(process)
        #expect(again.done == 0 && again.alreadyDone == 5 && again.missingRecordsProblem == nil)
    }

    @Test("a repeated id is reported as a line without a record, so the job cannot end as a success")
    func duplicateNeverSucceeds() async throws {
        let directory = try temporaryDirectory()
        let input = directory.appendingPathComponent("in.jsonl").path
        try Data(#"{"id":"a"}\#n{"id":"a"}\#n{"id":"b"}\#n"#.utf8).write(to: URL(fileURLWithPath: input))
        let job = BatchJob(inputPath: input, outputPath: directory.appendingPathComponent("out.jsonl").path, concurrency: 1, label: "test")
        let summary = try await job.run { line in BatchRecord(json: .object(line.key.outputMembers), failed: false, usage: TokenUsage()) }
        #expect(summary.linesWithoutRecord == 1)
        #expect(summary.missingRecordsProblem?.contains("lines 2") == true)
    }

    @Test("input and output are the same file however the paths are spelled", arguments: ["relative", "symlink", "hardlink", "dots"])
    func sameFile(spelling: String) async throws {
        let directory = try temporaryDirectory()
        let input = directory.appendingPathComponent("in.jsonl").path
        let original = #"{"id":"a"}\#n{"id":"b"}"#
        try Data(original.utf8).write(to: URL(fileURLWithPath: input))
        let output: String
        switch spelling {
        case "relative":
            // The same file through a path relative to the working directory: ../../tmp/…/in.jsonl
            let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
            output = String(repeating: "../", count: depth) + input.dropFirst()
        case "symlink":
            output = directory.appendingPathComponent("link.jsonl").path
            try FileManager.default.createSymbolicLink(atPath: output, withDestinationPath: input)
        case "hardlink":
            output = directory.appendingPathComponent("hard.jsonl").path
            try FileManager.default.linkItem(atPath: input, toPath: output)
        default:
            output = directory.appendingPathComponent("sub/../in.jsonl").path
        }
        let job = BatchJob(inputPath: input, outputPath: output, concurrency: 1, label: "test")
        await #expect(throws: BatchError.self) {
            try await job.run { line in BatchRecord(json: .object(line.key.outputMembers), failed: false, usage: TokenUsage()) }
        }
        #expect(try String(contentsOfFile: input, encoding: .utf8) == original)
    }
}
