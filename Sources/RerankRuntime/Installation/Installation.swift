import Foundation

/// Where rerank-agent's own files are: the folder holding `Prompts/` and `Config/`, and the local server's address.
public struct Installation: Sendable {
    public let home: String?
    public let cacheDirectory: String

    /// The address the local llama-server gets when it has not written its own.
    public static let defaultLocalBaseURL = "http://127.0.0.1:8012/v1"

    /// Looks in `RERANK_AGENT_HOME`, then upwards from the working directory, then upwards from the executable,
    /// then in `../share/rerank-agent` beside the executable's folder (an installed binary).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, executablePath: String? = CommandLine.arguments.first)
    {
        var starts: [String] = []
        if let explicit = environment["RERANK_AGENT_HOME"], !explicit.isEmpty { starts.append(explicit) }
        starts.append(FileManager.default.currentDirectoryPath)
        if let executablePath {
            let resolved = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent().path
            starts.append(resolved)
            // scripts/install.sh puts the binary in PREFIX/bin and Prompts/, Config/ in PREFIX/share/rerank-agent.
            starts.append(URL(fileURLWithPath: resolved).deletingLastPathComponent().appendingPathComponent("share/rerank-agent").path)
        }
        home = starts.lazy.compactMap(Self.findHome).first
        let cacheRoot =
            environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".cache")
        cacheDirectory =
            environment["RERANK_AGENT_CACHE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (cacheRoot as NSString).appendingPathComponent("rerank-agent")
    }

    static func findHome(from start: String) -> String? {
        var directory = URL(fileURLWithPath: start).standardizedFileURL
        for _ in 0..<12 {
            let prompts = directory.appendingPathComponent("Prompts/sequential.mustache").path
            if FileManager.default.fileExists(atPath: prompts) { return directory.path }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { break }
            directory = parent
        }
        return nil
    }

    public var promptsDirectory: String? {
        home.map { ($0 as NSString).appendingPathComponent("Prompts") }
    }

    /// The local server's base URL as scripts/llama-server.sh wrote it, else the default address.
    public var localBaseURL: String {
        let file = (cacheDirectory as NSString).appendingPathComponent("run/llama-server.url")
        if let data = FileManager.default.contents(atPath: file) {
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { return text }
        }
        return Self.defaultLocalBaseURL
    }
}
