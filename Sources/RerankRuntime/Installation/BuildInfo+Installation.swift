import Foundation
import RerankCore

extension BuildInfo {
    /// Reads the commit and the model digest for this installation.
    public init(installation: Installation = Installation()) {
        self.init(commit: Self.commit(home: installation.home), localModelSHA256: Self.modelDigest(cacheDirectory: installation.cacheDirectory))
    }

    /// The commit recorded in `home`'s `BUILD_INFO`, else `git rev-parse HEAD` of the checkout at `home`.
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

    /// Whether `value` looks like a git commit: 7 to 64 hex digits.
    static func isCommit(_ value: String) -> Bool {
        (7...64).contains(value.count) && value.allSatisfy(\.isHexDigit)
    }
}
