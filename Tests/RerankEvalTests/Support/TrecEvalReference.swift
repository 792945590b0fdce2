import Foundation

/// trec_eval's own numbers, from `scripts/trec_eval_reference.py` (pytrec_eval, which wraps trec_eval's C code).
/// The full suite (`scripts/test.sh`, which sets RERANK_TEST_REQUIRE_SERVER=1) requires it; a bare `swift test`
/// on a machine without pytrec_eval skips the differential tests.
enum TrecEvalReference {
    static var required: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["RERANK_TEST_REQUIRE_SERVER"] == "1" || environment["RERANK_TEST_REQUIRE_TREC_EVAL"] == "1"
            || environment["CI"] == "true"
    }

    /// True when python3 can import pytrec_eval.
    static let available: Bool = {
        (try? run(["-c", "import pytrec_eval"]))?.status == 0
    }()

    static var script: String {
        Fixtures.packageRoot.appendingPathComponent("scripts/trec_eval_reference.py").path
    }

    /// Measures per query id from trec_eval for the two files.
    static func evaluate(qrels: String, run: String) throws -> [String: [String: Double]] {
        let result = try self.run([script, qrels, run])
        guard result.status == 0 else {
            throw ReferenceError(message: "trec_eval_reference.py exited \(result.status): \(result.stderr)")
        }
        return try JSONDecoder().decode([String: [String: Double]].self, from: Data(result.stdout.utf8))
    }

    struct ReferenceError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
