import Foundation
import RerankCore
import Testing

@Suite("rerank-agent config")
struct ShowConfigTests {
    @Test("config prints every key of the table, in its order, with the value the environment sets")
    func printsEveryKey() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServeProcess.binary)
        process.arguments = ["config"]
        var environment = ProcessInfo.processInfo.environment
        environment["RERANK_AGENT_HOME"] = LocalServer.packageRoot.path
        environment["RERANK_AGENT_CREATIVES_BANNED_TERMS"] = "free, guaranteed"
        environment["RERANK_AGENT_SERVE_CONCURRENCY"] = "6"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let collected = ServeProcess.OutputCollector(handle: output.fileHandleForReading)
        await AsyncWait.exit(of: process)
        #expect(process.terminationStatus == 0)
        let lines = collected.text().split(separator: "\n").map(String.init)
        let printed = lines.compactMap { line in line.firstIndex(of: ":").map { String(line[..<$0]) } }.filter { $0.contains(".") }
        #expect(printed == ConfigurationKey.all.map(\.name))
        #expect(lines.contains("creatives.banned_terms: [free, guaranteed]"))
        #expect(lines.contains("serve.concurrency: 6"))
        // The default strategy is the one measured to rank with the default local model, scheduled to read a list's
        // history once.
        #expect(lines.contains("rerank.strategy: pointwise"))
        #expect(lines.contains("rerank.pointwise_scale: yes_no"))
        #expect(lines.contains("rerank.pointwise_concurrency: 1"))
        #expect(
            lines.contains("endpoint.api_key_env: OPENAI_API_KEY (set)") || lines.contains("endpoint.api_key_env: OPENAI_API_KEY (not set)")
        )
    }
}
