import Foundation
import RerankCore
import Testing

/// Runs the built `rerank-agent creatives` as a user would.
enum CreativesProcess {
    static func start(input: String, output: String, baseURL: String, extra: [String] = []) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServeProcess.binary)
        process.arguments =
            [
                "creatives", "--input", input, "--output", output, "--base-url", baseURL, "--concurrency", "2",
                "--count", "2", "--candidates", "3", "--max-rounds", "1", "--set", "endpoint.max_retries=1",
            ] + extra
        var environment = ProcessInfo.processInfo.environment
        environment["RERANK_AGENT_HOME"] = LocalServer.packageRoot.path
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func records(_ path: String) throws -> [[String: Any]] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    static func ads(_ count: Int) -> String {
        let products = [
            #"{"title":"Trailrunner 2 Running Shoe","brand":"Nordpeak","description":"Waterproof trail shoe with a grippy sole.","attributes":{"weight":"280 g"}}"#,
            #"{"title":"静音ワイヤレスマウス","brand":"Kaze","description":"クリック音を抑えた静音マウス。"}"#,
            #"{"title":"Lumen Desk Lamp","brand":"Halden","description":"Dimmable LED lamp with a USB-C port."}"#,
        ]
        return (0..<count).map { #"{"id":"ad\#($0)","product":\#(products[$0 % products.count])}"# }.joined(separator: "\n") + "\n"
    }
}

@Suite("rerank-agent creatives against the local model", .enabled(if: LocalServer.isAvailable), .serialized)
struct CreativeJobTests {
    private func directory() throws -> URL {
        try ScratchFolder.make("creatives")
    }

    @Test("every creative written passes every hard check, and a bad line becomes an error record for its id")
    func invariants() async throws {
        let baseURL = try LocalServer.requireBaseURL()
        let folder = try directory()
        let input = folder.appendingPathComponent("ads.jsonl").path
        let output = folder.appendingPathComponent("out.jsonl").path
        try Data((CreativesProcess.ads(2) + #"{"id":"broken","product":{"brand":"x"}}"# + "\n").utf8).write(to: URL(fileURLWithPath: input))
        let process = try CreativesProcess.start(input: input, output: output, baseURL: baseURL)
        await AsyncWait.exit(of: process)
        #expect(process.terminationStatus == 0)
        let records = try CreativesProcess.records(output)
        #expect(records.compactMap { $0["id"] as? String }.sorted() == ["ad0", "ad1", "broken"])
        let checker = CreativeChecker(constraints: CreativeConstraints(count: 2))
        for record in records {
            if record["id"] as? String == "broken" {
                #expect((record["error"] as? [String: Any])?["code"] as? String == "missing_field")
                continue
            }
            let creatives = try #require(record["creatives"] as? [[String: Any]], "\(record)")
            #expect(creatives.count <= 2)
            var accepted: [Creative] = []
            for entry in creatives {
                let creative = Creative(headline: entry["headline"] as? String ?? "", description: entry["description"] as? String ?? "")
                #expect(checker.violations(of: creative, accepted: accepted).isEmpty, "\(creative)")
                accepted.append(creative)
                #expect((entry["scores"] as? [String: Any])?["relevance"] is Double)
            }
            for rejected in record["rejected"] as? [[String: Any]] ?? [] {
                #expect(CreativeRule(rawValue: rejected["rule"] as? String ?? "") != nil)
            }
            #expect(((record["totals"] as? [String: Any])?["llm_calls"] as? Int ?? 0) >= 1)
        }
    }

    @Test("killed with SIGKILL mid-run and restarted, the job finishes with every id exactly once")
    func killAndRestart() async throws {
        let baseURL = try LocalServer.requireBaseURL()
        let folder = try directory()
        let input = folder.appendingPathComponent("ads.jsonl").path
        let output = folder.appendingPathComponent("out.jsonl").path
        try Data(CreativesProcess.ads(3).utf8).write(to: URL(fileURLWithPath: input))
        let first = try CreativesProcess.start(input: input, output: output, baseURL: baseURL)
        // Kill as soon as the first record is out (or after 60 s), while other ads are still in flight.
        await AsyncWait.until(seconds: 60) { !first.isRunning || !((try? CreativesProcess.records(output).isEmpty) ?? true) }
        if first.isRunning { kill(first.processIdentifier, SIGKILL) }
        await AsyncWait.exit(of: first)
        let beforeRestart = try CreativesProcess.records(output).count
        let second = try CreativesProcess.start(input: input, output: output, baseURL: baseURL)
        await AsyncWait.exit(of: second)
        #expect(second.terminationStatus == 0)
        let ids = try CreativesProcess.records(output).compactMap { $0["id"] as? String }
        #expect(ids.sorted() == ["ad0", "ad1", "ad2"], "records before the restart: \(beforeRestart)")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.hasSuffix("\n") && text.split(separator: "\n").count == 3)
    }
}
