import Foundation
import Testing

/// The local model table in scripts/models.sh, run as setup.sh runs it.
@Suite("Local model table")
struct ModelTableTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func bash(_ script: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = Self.root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("a file whose sha256 is not the table's is refused, named and removed; the right digest passes")
    func digest() throws {
        let directory = try ScratchFolder.make("model-table")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("model.gguf").path
        try Data("not the model".utf8).write(to: URL(fileURLWithPath: file))
        let wrong = try bash(
            "source scripts/models.sh && resolve_model qwen2.5-coder-1.5b /tmp && verify_model_file '\(file)' \"$MODEL_SHA256\"")
        #expect(wrong.status == 1)
        #expect(wrong.output.contains("refusing model.gguf"))
        #expect(wrong.output.contains("cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"))
        #expect(!FileManager.default.fileExists(atPath: file))

        try Data("not the model".utf8).write(to: URL(fileURLWithPath: file))
        // sha256 of "not the model".
        let right = try bash("source scripts/models.sh && verify_model_file '\(file)' \"$(sha256sum '\(file)' | cut -d ' ' -f 1)\"")
        #expect(right.status == 0)
        #expect(FileManager.default.fileExists(atPath: file))
    }

    @Test("every model in the table resolves to a digest, an alias and a path; an unknown name lists the known ones")
    func names() throws {
        let known = try bash(
            "source scripts/models.sh && for m in $LOCAL_MODEL_NAMES; do resolve_model $m /c && echo \"$MODEL_NAME $MODEL_ALIAS ${#MODEL_SHA256} $MODEL_PATH\"; done"
        )
        #expect(known.status == 0)
        let lines = known.output.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.split(separator: " ")[2] == "64" })
        let unknown = try bash("source scripts/models.sh && resolve_model gpt-5 /c")
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("qwen2.5-coder-1.5b"))
        let setup = try bash("RERANK_AGENT_LOCAL_MODEL=gpt-5 bash scripts/setup.sh")
        #expect(setup.status == 2)
        #expect(setup.output.contains("must be one of"))
    }
}
