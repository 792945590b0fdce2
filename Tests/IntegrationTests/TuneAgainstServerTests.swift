import Foundation
import Testing

@Suite("eval tune with the real local model", .enabled(if: LocalServer.isAvailable), .serialized)
struct TuneAgainstServerTests {
    /// Six labelled lists of three candidates, each with upstream scores and one relevant item.
    static func lists() -> String {
        let titles = ["Star Wars (1977)", "Fargo (1996)", "Heat (1995)", "Casablanca (1942)", "Alien (1979)", "Clueless (1995)"]
        return (0..<6).map { list in
            let items = (0..<3).map { index in
                #"{"id":"m\#(list)-\#(index)","title":"\#(titles[(list + index) % titles.count])","score":\#(3 - index)}"#
            }
            return
                #"{"id":"l\#(list)","user":{"id":"u\#(list)","history":[{"id":"h","title":"Toy Story (1995)"}]},"candidates":[\#(items.joined(separator: ","))],"labels":{"m\#(list)-\#(list % 3)":1}}"#
        }.joined(separator: "\n") + "\n"
    }

    @Test("a small tune writes tuned.yaml and a report, its rerun calls nothing, and serve accepts the tuned file")
    func tuneThenServe() async throws {
        let baseURL = try LocalServer.requireBaseURL()
        let folder = try ScratchFolder.make("rerank-tune-it")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lists = folder.appendingPathComponent("lists.jsonl")
        try Data(Self.lists().utf8).write(to: lists)
        let tuned = folder.appendingPathComponent("tuned.yaml").path
        let arguments = [
            "eval", "tune", "--lists", lists.path, "--base-url", baseURL, "--candidate", "strategy=pointwise", "--pilot-lists", "1",
            "--weight-step", "0.5", "--bootstrap-samples", "200", "--cache", folder.appendingPathComponent("c.sqlite").path,
            "--set", "endpoint.request_timeout_s=180", "--output", tuned, "--report", folder.appendingPathComponent("report").path,
        ]
        let first = try await EvalFixture.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("## Choice and confirmation"))
        #expect(first.stderr.contains("the tuning part holds 3 lists"), "a part this small is warned about")
        for file in ["report/report.md", "report/tuning-curves.svg", "tuned.yaml"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file)")
        }
        let text = try String(contentsOfFile: tuned, encoding: .utf8)
        #expect(text.contains("# Written by `rerank-agent eval tune`") && text.contains("strategy: \"pointwise\""))

        let second = try await EvalFixture.run(arguments)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("; 0 endpoint calls"), "\(second.stderr)")

        let served = try await ServeProcess.run(
            lines: [ServeProcess.requestLine(id: "t1", candidates: 3)], baseURL: baseURL, extraArguments: ["--config", tuned])
        #expect(served.status == 0, "\(served.stderr)")
        #expect((served.answers.first?["ranking"] as? [Any])?.count == 3)
    }
}
