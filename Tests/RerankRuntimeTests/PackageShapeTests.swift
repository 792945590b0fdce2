import Foundation
import Testing

/// The layering the targets promise: imports run one way (JSONLines ← LLMClient ← RerankCore ← RerankRuntime,
/// RerankHTTP, RerankEval ← rerank-agent), and the domain reads no file and drives no terminal.
@Suite("Package shape")
struct PackageShapeTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// Every Swift file of a target with its text.
    static func files(of target: String) throws -> [(name: String, text: String)] {
        let folder = sources.appendingPathComponent(target)
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var files: [(String, String)] = []
        for case let path as String in walker where path.hasSuffix(".swift") {
            files.append((target + "/" + path, try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)))
        }
        return files
    }

    /// The modules a target's files import.
    static func imports(of target: String) throws -> Set<String> {
        var modules: Set<String> = []
        for file in try files(of: target) {
            for line in file.text.split(separator: "\n") where line.hasPrefix("import ") || line.hasPrefix("@testable import ") {
                if let module = line.split(separator: " ").last { modules.insert(String(module)) }
            }
        }
        return modules
    }

    @Test(
        "no target imports one above it",
        arguments: [
            ("JSONLines", ["Foundation"]),
            ("LLMClient", ["Foundation", "Dispatch", "CCurl", "Logging", "JSONLines"]),
            ("RerankCore", ["Foundation", "Logging", "Mustache", "Yams", "JSONLines", "LLMClient"]),
            ("RerankRuntime", ["Foundation", "Dispatch", "Logging", "JSONLines", "LLMClient", "RerankCore"]),
            ("ResponseCaching", ["Foundation", "GRDB", "Crypto", "LLMClient"]),
            ("RerankEval", ["Foundation", "Logging", "JSONLines", "LLMClient", "RerankCore", "RerankRuntime", "ResponseCaching"]),
            // The HTTP face is the one target that brings in the server packages.
            (
                "RerankHTTP",
                [
                    "Foundation", "Hummingbird", "Metrics", "Prometheus", "ServiceLifecycle", "NIOCore", "HTTPTypes",
                    "NIOHTTPTypes", "Logging", "JSONLines", "LLMClient",
                    "RerankCore", "RerankRuntime",
                ]
            ),
        ])
    func importsRunOneWay(target: String, allowed: [String]) throws {
        let imported = try Self.imports(of: target)
        #expect(!imported.isEmpty)
        #expect(imported.subtracting(allowed).isEmpty, "\(target) imports \(imported.subtracting(allowed).sorted())")
    }

    @Test("the domain reads no file, no environment, opens no terminal and starts no process or thread")
    func domainHasNoIO() throws {
        let io = [
            "FileManager", "FileHandle", "fopen(", "isatty(", "CommandLine.", "ProcessInfo", "Process()", "Thread {", "Thread(",
            "DispatchSemaphore",
        ]
        var found: [String] = []
        for file in try Self.files(of: "RerankCore") {
            for token in io where file.text.contains(token) { found.append("\(file.name): \(token)") }
        }
        #expect(found.isEmpty, "\(found)")
    }
}
