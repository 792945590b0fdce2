import Foundation
import RerankCore
import Testing

@testable import RerankRuntime

@Suite("Version, commit and model digest")
struct BuildInfoTests {
    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "rerank-build-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("an installed BUILD_INFO names the commit and setup's sidecar the model digest; junk in either is not believed")
    func recorded() throws {
        let home = try folder(), cache = try folder()
        try "commit=0123456789abcdef0123456789abcdef01234567\n".write(toFile: home + "/BUILD_INFO", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: cache + "/models", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: cache + "/run", withIntermediateDirectories: true)
        let digest = String(repeating: "ab", count: 32)
        try "\(digest)\n".write(toFile: cache + "/models/smollm2-135m.sha256", atomically: true, encoding: .utf8)
        // One model set up: its digest, whatever the server serves.
        #expect(BuildInfo.modelDigest(cacheDirectory: cache) == digest)
        // Two set up: the one the local server was started with.
        let other = String(repeating: "cd", count: 32)
        try "\(other)\n".write(toFile: cache + "/models/qwen2.5-coder-1.5b.sha256", atomically: true, encoding: .utf8)
        #expect(BuildInfo.modelDigest(cacheDirectory: cache) == nil)
        try "qwen2.5-coder-1.5b\n".write(toFile: cache + "/run/llama-server.model", atomically: true, encoding: .utf8)
        #expect(BuildInfo.modelDigest(cacheDirectory: cache) == other)
        try "smollm2-135m\n".write(toFile: cache + "/run/llama-server.model", atomically: true, encoding: .utf8)
        let build = BuildInfo(commit: BuildInfo.commit(home: home), localModelSHA256: BuildInfo.modelDigest(cacheDirectory: cache))
        #expect(build.commit == "0123456789abcdef0123456789abcdef01234567")
        #expect(build.localModelSHA256 == digest)
        #expect(build.line == "rerank-agent \(BuildInfo.version) (commit 0123456789ab, local model sha256 \(digest))")

        try "commit=$(rm -rf /)\n".write(toFile: home + "/BUILD_INFO", atomically: true, encoding: .utf8)
        try "not a digest".write(toFile: cache + "/models/smollm2-135m.sha256", atomically: true, encoding: .utf8)
        #expect(BuildInfo.commit(home: home) == nil)
        #expect(BuildInfo.modelDigest(cacheDirectory: cache) == nil)
        #expect(BuildInfo(commit: nil, localModelSHA256: nil).line.contains("commit unknown, local model sha256 not recorded"))
    }

    @Test("a report records the digest of the model served on the endpoint's own port, and none for a remote endpoint")
    func servedOnTheEndpointsPort() throws {
        let cache = try folder()
        for folder in ["models", "run", "run-8013"] {
            try FileManager.default.createDirectory(atPath: cache + "/" + folder, withIntermediateDirectories: true)
        }
        let small = String(repeating: "ab", count: 32), large = String(repeating: "cd", count: 32)
        try "\(small)\n".write(toFile: cache + "/models/smollm2-135m.sha256", atomically: true, encoding: .utf8)
        try "\(large)\n".write(toFile: cache + "/models/qwen2.5-coder-1.5b.sha256", atomically: true, encoding: .utf8)
        try "smollm2-135m\n".write(toFile: cache + "/run/llama-server.model", atomically: true, encoding: .utf8)
        try "qwen2.5-coder-1.5b\n".write(toFile: cache + "/run-8013/llama-server.model", atomically: true, encoding: .utf8)
        #expect(BuildInfo.modelDigest(cacheDirectory: cache, baseURL: "http://127.0.0.1:8012/v1") == small)
        #expect(BuildInfo.modelDigest(cacheDirectory: cache, baseURL: "http://localhost:8013/v1") == large)
        #expect(BuildInfo.modelDigest(cacheDirectory: cache, baseURL: "http://127.0.0.1:8014/v1") == nil)
        #expect(BuildInfo.modelDigest(cacheDirectory: cache, baseURL: "https://api.openai.com/v1") == nil)
        #expect(BuildInfo.modelDigest(cacheDirectory: cache, baseURL: "http://10.0.0.5:8012/v1") == nil)
        #expect(BuildInfo.modelDigest(cacheDirectory: cache) == small)
    }

    @Test("a source checkout's commit comes from git")
    func fromGit() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let commit = try #require(BuildInfo.commit(home: root))
        #expect(commit.count == 40)
    }
}
