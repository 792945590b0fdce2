import Foundation
import JSONLines
import RerankCore

extension BuildInfo {
    /// Reads the commit and the model digest for this installation; with `baseURL`, the digest of the model the
    /// local server on that URL's port serves.
    public init(installation: Installation = Installation(), baseURL: String? = nil) {
        self.init(
            commit: Self.commit(home: installation.home),
            localModelSHA256: Self.modelDigest(cacheDirectory: installation.cacheDirectory, baseURL: baseURL))
    }

    /// The commit recorded in `home`'s `BUILD_INFO`, else `git rev-parse HEAD` of the checkout at `home`.
    static func commit(home: String?) -> String? {
        guard let home else { return nil }
        let recorded = (home as NSString).appendingPathComponent("BUILD_INFO")
        if let data = FileManager.default.contents(atPath: recorded) {
            for line in LineSplitter.lines(of: String(decoding: data, as: UTF8.self)) where line.hasPrefix("commit=") {
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
    /// model the local server serves (`run/llama-server.model`, or `run-PORT/` for a server started on another
    /// port, as scripts/llama-server.sh names them), else, when no endpoint is named, for the only model set up.
    /// With a `baseURL` that is not a loopback address nothing is recorded: the local model is not what answered.
    static func modelDigest(cacheDirectory: String, baseURL: String? = nil) -> String? {
        let runFolder: String
        if let baseURL {
            guard let folder = localRunFolder(baseURL: baseURL) else { return nil }
            runFolder = folder
        } else {
            runFolder = "run"
        }
        let models = (cacheDirectory as NSString).appendingPathComponent("models")
        let served = FileManager.default.contents(
            atPath: (cacheDirectory as NSString).appendingPathComponent(runFolder + "/llama-server.model")
        )
        .map { String(decoding: $0.prefix(100), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        let recorded = ((try? FileManager.default.contentsOfDirectory(atPath: models)) ?? []).filter { $0.hasSuffix(".sha256") }
        let file: String?
        if let served, !served.isEmpty, !served.contains("/") {
            file = served + ".sha256"
        } else if baseURL != nil {
            // A loopback endpoint that scripts/llama-server.sh did not start (vLLM, Ollama): not our model.
            return nil
        } else {
            file = recorded.count == 1 ? recorded[0] : nil
        }
        guard let file, let data = FileManager.default.contents(atPath: (models as NSString).appendingPathComponent(file)) else {
            return nil
        }
        let digest = String(decoding: data.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return digest.count == 64 && digest.allSatisfy(\.isHexDigit) ? digest.lowercased() : nil
    }

    /// The cache's run folder of a local server at `baseURL` (`run` on the default local port of
    /// `Installation.defaultLocalBaseURL`, `run-PORT` on any other), or nil when the URL is not http on a loopback host.
    static func localRunFolder(baseURL: String) -> String? {
        guard let components = URLComponents(string: baseURL), components.scheme?.lowercased() == "http",
            let host = components.host?.lowercased(), ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host)
        else { return nil }
        let port = components.port ?? 80
        return port == URLComponents(string: Installation.defaultLocalBaseURL)?.port ? "run" : "run-\(port)"
    }

    /// Whether `value` looks like a git commit: 7 to 64 hex digits.
    static func isCommit(_ value: String) -> Bool {
        (7...64).contains(value.count) && value.allSatisfy(\.isHexDigit)
    }
}
