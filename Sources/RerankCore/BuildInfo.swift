import Foundation

/// Which rerank-agent made an output, so a saved report or a bug report names the code and the local model:
/// the release version, the git commit and the SHA-256 of the local GGUF model.
public struct BuildInfo: Sendable, Hashable {
    /// The release version; bumped with every release.
    public static let version = "0.4.0"

    public var version: String
    /// The commit the binary was built from: `BUILD_INFO` beside the installed `Prompts/` (written by
    /// scripts/install.sh), else the source checkout's `git rev-parse HEAD`; nil when neither says.
    public var commit: String?
    /// The local model's SHA-256 as scripts/setup.sh recorded it (`models/<name>.sha256`); nil when not set up.
    public var localModelSHA256: String?

    public init(version: String = BuildInfo.version, commit: String?, localModelSHA256: String?) {
        self.version = version
        self.commit = commit
        self.localModelSHA256 = localModelSHA256
    }

    /// Reads the commit and the model digest for this installation.
    public init(installation: Installation = Installation()) {
        self.init(commit: Self.commit(home: installation.home), localModelSHA256: Self.modelDigest(cacheDirectory: installation.cacheDirectory))
    }

    /// `rerank-agent 0.4.0 (commit 1a2b3c4d5e6f, local model sha256 9f86d0…)`.
    public var line: String {
        var text = "rerank-agent \(version) (commit \(commit.map { String($0.prefix(12)) } ?? "unknown")"
        text += ", local model sha256 \(localModelSHA256 ?? "not recorded; run scripts/setup.sh"))"
        return text
    }

    static func commit(home: String?) -> String? {
        guard let home else { return nil }
        let recorded = (home as NSString).appendingPathComponent("BUILD_INFO")
        if let data = FileManager.default.contents(atPath: recorded) {
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("commit=") {
                let value = line.dropFirst("commit=".count).trimmingCharacters(in: .whitespaces)
                if Self.isCommit(value) { return value }
            }
        }
        guard FileManager.default.fileExists(atPath: (home as NSString).appendingPathComponent(".git")) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", home, "rev-parse", "HEAD"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let value = String(decoding: data.prefix(100), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && Self.isCommit(value) ? value : nil
    }

    /// The digest scripts/setup.sh recorded (`models/<name>.sha256`, checked against scripts/models.sh) for the
    /// model the local server serves (`run/llama-server.model`), else for the only model set up.
    static func modelDigest(cacheDirectory: String) -> String? {
        let models = (cacheDirectory as NSString).appendingPathComponent("models")
        let served = FileManager.default.contents(atPath: (cacheDirectory as NSString).appendingPathComponent("run/llama-server.model"))
            .map { String(decoding: $0.prefix(100), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        let recorded = ((try? FileManager.default.contentsOfDirectory(atPath: models)) ?? []).filter { $0.hasSuffix(".sha256") }
        let file: String?
        if let served, !served.isEmpty, !served.contains("/") {
            file = served + ".sha256"
        } else {
            file = recorded.count == 1 ? recorded[0] : nil
        }
        guard let file, let data = FileManager.default.contents(atPath: (models as NSString).appendingPathComponent(file)) else { return nil }
        let digest = String(decoding: data.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return digest.count == 64 && digest.allSatisfy(\.isHexDigit) ? digest.lowercased() : nil
    }

    static func isCommit(_ value: String) -> Bool {
        (7...64).contains(value.count) && value.allSatisfy(\.isHexDigit)
    }
}
