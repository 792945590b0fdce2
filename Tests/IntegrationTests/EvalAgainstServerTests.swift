import Foundation
import LLMClient
import RerankCore
import RerankEval
import RerankRuntime
import ResponseCaching
import Testing

/// Counts the calls that reach the real endpoint.
final class EvalCountingClient: ChatCompleting, @unchecked Sendable {
    let wrapped: any ChatCompleting
    private let lock = NSLock()
    private var count = 0

    init(_ wrapped: any ChatCompleting) {
        self.wrapped = wrapped
    }

    var calls: Int { lock.withLock { count } }

    func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        lock.withLock { count += 1 }
        return try await wrapped.complete(request)
    }
}

enum EvalFixture {
    /// Three users, three candidates each: one real call per list, small enough for the 2-core CI machine.
    static let inter = """
        user_id:token\titem_id:token\trating:float\ttimestamp:float
        1\t1\t5\t1
        1\t71\t5\t2
        1\t95\t4\t3
        1\t588\t5\t4
        2\t56\t5\t1
        2\t12\t4\t2
        2\t127\t5\t3
        """

    static let item = """
        item_id:token\tmovie_title:token_seq\trelease_year:token\tclass:token_seq
        1\tToy Story\t1995\tAnimation Children's Comedy
        12\tUsual Suspects, The\t1995\tCrime Thriller
        50\tStar Wars\t1977\tAction Adventure Romance Sci-Fi War
        56\tPulp Fiction\t1994\tCrime Drama
        71\tLion King, The\t1994\tAnimation Children's Musical
        95\tAladdin\t1992\tAnimation Children's Comedy Musical
        100\tFargo\t1996\tCrime Drama Thriller
        127\tGodfather, The\t1972\tAction Crime Drama
        588\tBeauty and the Beast\t1991\tAnimation Children's Musical
        """

    static func folder() throws -> URL {
        let folder = try ScratchFolder.make("rerank-eval-it")
        try Data(inter.utf8).write(to: folder.appendingPathComponent("tiny.inter"))
        try Data(item.utf8).write(to: folder.appendingPathComponent("tiny.item"))
        return folder
    }

    /// The fixture's labelled lists (history 5, 3 candidates, seed 4), built as `eval build` builds them.
    static func lists(in folder: URL) throws -> [LabelledList] {
        let log = try InteractionLog(file: AtomicFile.read(path: folder.appendingPathComponent("tiny.inter").path))
        let catalog = try ItemCatalog(file: AtomicFile.read(path: folder.appendingPathComponent("tiny.item").path))
        return try LabelledListBuilder(settings: .init(historyLength: 5, listSize: 3, seed: 4)).build(log: log, catalog: catalog).lists
    }

    static func run(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServeProcess.binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["RERANK_AGENT_HOME"] = LocalServer.packageRoot.path
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = ServeProcess.OutputCollector(handle: output.fileHandleForReading)
        let stderr = ServeProcess.OutputCollector(handle: errors.fileHandleForReading)
        await AsyncWait.exit(of: process)
        return (process.terminationStatus, stdout.text(), stderr.text())
    }
}

@Suite("Evaluating with the real local model", .enabled(if: LocalServer.isAvailable), .serialized)
struct EvalAgainstServerTests {
    @Test("an evaluation with the real model ranks every list, and its cached rerun calls nothing and reports the same")
    func cachedRerun() async throws {
        let baseURL = try LocalServer.requireBaseURL()
        let folder = try EvalFixture.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lists = try EvalFixture.lists(in: folder)
        #expect(lists.count == 2)
        let evaluation = try Evaluation(
            lists: lists, listsSource: "tiny", configurations: [EvalConfiguration(strategy: .listwise)],
            settings: .init(bootstrapSamples: 200, concurrency: 2)
        )
        let prompts = try PromptLibrary(directory: LocalServer.packageRoot.appendingPathComponent("Prompts").path)
        let cachePath = folder.appendingPathComponent("cache.sqlite").path
        let endpoint = LocalServer.endpoint(baseURL: baseURL, timeout: 180)

        let firstClient = EvalCountingClient(ChatClient(endpoint: endpoint))
        let first = await evaluation.run(
            endpoint: firstClient, baseURL: baseURL, model: endpoint.model, prompts: prompts, cache: try ResponseCache(path: cachePath))
        #expect(firstClient.calls == 2)
        let usage = try #require(first.summary.row(EvalConfiguration(strategy: .listwise).name)?.usage)
        #expect(usage.degraded == 0)
        #expect(usage.promptTokens > 100)
        #expect(first.results.filter { $0.usage != nil }.allSatisfy { Set($0.ranking) == Set(lists[$0.listIndex].candidateIDs) })

        let secondClient = EvalCountingClient(ChatClient(endpoint: endpoint))
        let second = await evaluation.run(
            endpoint: secondClient, baseURL: baseURL, model: endpoint.model, prompts: prompts, cache: try ResponseCache(path: cachePath))
        #expect(secondClient.calls == 0)
        #expect(second.run.cache.hits == 2)
        #expect(second.reproducibleJSON == first.reproducibleJSON)
    }

    @Test("a setwise evaluation reports which shown label each first-token reading picked, beside the unbiased count")
    func labelPicks() async throws {
        let baseURL = try LocalServer.requireBaseURL()
        let folder = try EvalFixture.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lists = try EvalFixture.lists(in: folder)
        let setwise = try EvalConfiguration.parse("strategy=setwise,set_size=2,top_k=2")
        let evaluation = try Evaluation(
            lists: lists, listsSource: "tiny", configurations: [setwise], settings: .init(bootstrapSamples: 100, concurrency: 2))
        let prompts = try PromptLibrary(directory: LocalServer.packageRoot.appendingPathComponent("Prompts").path)
        let endpoint = LocalServer.endpoint(baseURL: baseURL, timeout: 180)
        let report = await evaluation.run(
            endpoint: ChatClient(endpoint: endpoint), baseURL: baseURL, model: endpoint.model, prompts: prompts, cache: nil)
        let logits = try #require(report.summary.row(setwise.name)?.usage?.logits)
        #expect(logits.scoredCalls > 0)
        #expect(logits.picksByLabel.count == 2, "sets of two show labels A and B")
        #expect(logits.picksByLabel.reduce(0, +) == logits.scoredCalls - logits.unusable)
        #expect(abs(logits.expectedPicksByLabel.reduce(0, +) - Double(logits.scoredCalls - logits.unusable)) < 1e-9)
        #expect(report.markdown.contains("## First-token picks by shown label"))
        #expect(report.markdown.contains("| \(setwise.name) | \(logits.scoredCalls) |"))
    }

    @Test("eval build then eval from the command line write a report, and the rerun is served from the cache")
    func commandLine() async throws {
        let baseURL = try LocalServer.requireBaseURL()
        let folder = try EvalFixture.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lists = folder.appendingPathComponent("lists.jsonl").path
        let build = try await EvalFixture.run([
            "eval", "build", "--inter", folder.appendingPathComponent("tiny.inter").path, "--list-size", "3", "--users", "1", "--seed", "2",
            "--output", lists,
        ])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("1 lists"))
        let arguments = [
            "eval", "--lists", lists, "--base-url", baseURL, "--cache", folder.appendingPathComponent("c.sqlite").path,
            "--set", "endpoint.request_timeout_s=180", "--bootstrap-samples", "200",
        ]
        let first = try await EvalFixture.run(arguments + ["--report", folder.appendingPathComponent("one").path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("| baseline:random |"))
        let second = try await EvalFixture.run(arguments + ["--report", folder.appendingPathComponent("two").path])
        #expect(second.status == 0, "\(second.stderr)")
        func report(_ name: String) throws -> [String: Any] {
            let data = try Data(contentsOf: folder.appendingPathComponent("\(name)/report.json"))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        var one = try report("one"), two = try report("two")
        let run = two["run"] as? [String: Any]
        #expect((run?["cache"] as? [String: Any])?["misses"] as? Int == 0)
        one["run"] = nil
        two["run"] = nil
        #expect(NSDictionary(dictionary: one).isEqual(to: two))
        for file in ["report.md", "ndcg.svg", "per-list.jsonl"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("two/\(file)").path))
        }
    }
}
