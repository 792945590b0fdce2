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

    /// `rerank-agent 0.4.0 (commit 1a2b3c4d5e6f, local model sha256 9f86d0…)`.
    public var line: String {
        var text = "rerank-agent \(version) (commit \(commit.map { String($0.prefix(12)) } ?? "unknown")"
        text += ", local model sha256 \(localModelSHA256 ?? "not recorded; run scripts/setup.sh"))"
        return text
    }
}
