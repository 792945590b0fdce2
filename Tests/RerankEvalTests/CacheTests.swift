import Foundation
import LLMClient
import RerankCore
import Testing

@testable import RerankEval
@testable import ResponseCaching

@Suite("Response cache and reproducible runs")
struct CacheTests {
    func evaluation(positionSweep: Bool = false) throws -> Evaluation {
        try Evaluation(
            lists: Fixtures.lists(), listsSource: "fixture.jsonl",
            configurations: [EvalConfiguration(votes: 1), EvalConfiguration(prompt: .recency, votes: 3)],
            settings: .init(bootstrapSamples: 200, positionSweep: positionSweep, concurrency: 3))
    }

    @Test("a second run with the cache makes no endpoint call and writes the same report.json, run facts aside")
    func rerunIsFreeAndIdentical() async throws {
        let path = Fixtures.temporaryPath("cache.sqlite")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let evaluation = try evaluation(positionSweep: true)
        let prompts = try Fixtures.prompts()

        let firstEndpoint = FakeEndpoint()
        let first = await evaluation.run(
            endpoint: firstEndpoint, baseURL: "http://fake/v1", model: "m", prompts: prompts, cache: try ResponseCache(path: path))
        #expect(firstEndpoint.calls > 0)
        #expect(first.run.cache.misses == firstEndpoint.calls)

        let secondEndpoint = FakeEndpoint()
        let second = await evaluation.run(
            endpoint: secondEndpoint, baseURL: "http://fake/v1", model: "m", prompts: prompts, cache: try ResponseCache(path: path))
        #expect(secondEndpoint.calls == 0)
        #expect(second.run.cache.misses == 0)
        #expect(second.run.cache.hits == first.run.cache.hits + first.run.cache.misses)
        #expect(second.reproducibleJSON == first.reproducibleJSON)
        #expect(second.perListLines == first.perListLines)
        #expect(first.json.serialized.contains("\"run\""))
    }

    @Test("credentials in the base URL (serve and rerank pass the endpoint's URL as configured) never reach the cache file")
    func noCredentialsStored() async throws {
        let path = Fixtures.temporaryPath("cache.sqlite")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let secret = "Pw-for-the-gateway-31d7"
        let client = CachedChatClient(
            upstream: FakeEndpoint(), cache: try ResponseCache(path: path), baseURL: "http://operator:\(secret)@gateway.example/v1",
            model: "m")
        let request = ChatCompletionRequest(model: "m", messages: [ChatMessage(role: .user, content: "[1] Toy Story")])
        _ = try await client.complete(request)
        // The database and its journal, whichever holds the row now.
        let stored = ["", "-wal", "-journal"].compactMap { FileManager.default.contents(atPath: path + $0) }.reduce(Data(), +)
        #expect(stored.range(of: Data("gateway.example".utf8)) != nil)
        #expect(stored.range(of: Data(secret.utf8)) == nil)
        #expect(stored.range(of: Data("operator:".utf8)) == nil)
        // A rotated password keeps the stored answers: the key is the URL without its credentials.
        let rotated = FakeEndpoint()
        let again = CachedChatClient(
            upstream: rotated, cache: try ResponseCache(path: path), baseURL: "http://operator:new-\(secret)@gateway.example/v1", model: "m"
        )
        _ = try await again.complete(request)
        #expect(rotated.calls == 0)
    }

    @Test("the report's cost counts prefilled tokens (prompt less cached) per configuration and per list")
    func prefillInReports() async throws {
        let evaluation = try evaluation()
        let result = await evaluation.run(
            endpoint: FakeEndpoint(), baseURL: "http://fake/v1", model: "m", prompts: try Fixtures.prompts(), cache: nil)
        #expect(result.markdown.contains("| prefilled tokens |"))
        #expect(result.json.serialized.contains("\"prefill_tokens\""))
        // Baselines make no call and carry no usage; every line of a configuration does.
        let lists = result.perListLines.split(separator: "\n").filter { $0.contains("\"prompt_tokens\"") }
        #expect(!lists.isEmpty && lists.allSatisfy { $0.contains("\"prefill_tokens\"") })
    }

    @Test("another model or base URL does not hit entries stored for the first")
    func keyIncludesEndpoint() async throws {
        let path = Fixtures.temporaryPath("cache.sqlite")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let evaluation = try evaluation()
        let prompts = try Fixtures.prompts()
        _ = await evaluation.run(
            endpoint: FakeEndpoint(), baseURL: "http://fake/v1", model: "m", prompts: prompts, cache: try ResponseCache(path: path))
        let otherModel = FakeEndpoint()
        _ = await evaluation.run(
            endpoint: otherModel, baseURL: "http://fake/v1", model: "other", prompts: prompts, cache: try ResponseCache(path: path))
        #expect(otherModel.calls > 0)
        let otherURL = FakeEndpoint()
        _ = await evaluation.run(
            endpoint: otherURL, baseURL: "http://elsewhere/v1", model: "m", prompts: prompts, cache: try ResponseCache(path: path))
        #expect(otherURL.calls > 0)
    }

    @Test("a failed call is not stored: the next run asks the endpoint again and gets the answer")
    func errorsAreNotCached() async throws {
        let path = Fixtures.temporaryPath("cache.sqlite")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let cache = try ResponseCache(path: path)
        let request = ChatCompletionRequest(model: "m", messages: [.user("Rank [1] and [2]")])
        let failing = CachedChatClient(upstream: FakeEndpoint(failFirst: 1), cache: cache, baseURL: "u", model: "m")
        await #expect(throws: LLMClientError.self) { try await failing.complete(request) }
        #expect(try await cache.count() == 0)
        #expect(await failing.statistics.failures == 1)

        let endpoint = FakeEndpoint()
        let working = CachedChatClient(upstream: endpoint, cache: cache, baseURL: "u", model: "m")
        let answer = try await working.complete(request)
        #expect(answer.text == "[2] > [1]")
        #expect(endpoint.calls == 1)
        #expect(try await cache.count() == 1)
        let replay = try await working.complete(request)
        #expect(endpoint.calls == 1)
        #expect(replay.text == answer.text)
        #expect(replay.latencySeconds == answer.latencySeconds)
    }

    @Test("lists the endpoint failed on are reported as degraded and asked again on the next run")
    func degradedListsAreRetried() async throws {
        let path = Fixtures.temporaryPath("cache.sqlite")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let evaluation = try Evaluation(
            lists: Fixtures.lists(), listsSource: "f", configurations: [EvalConfiguration(strategy: .listwise)],
            settings: .init(bootstrapSamples: 100))
        let prompts = try Fixtures.prompts()
        let broken = FakeEndpoint(failFirst: 1000)
        let first = await evaluation.run(endpoint: broken, baseURL: "u", model: "m", prompts: prompts, cache: try ResponseCache(path: path))
        let usage = try #require(first.summary.row(EvalConfiguration(strategy: .listwise).name)?.usage)
        #expect(usage.degraded == evaluation.lists.count)
        #expect(first.markdown.contains("Degraded lists"))
        #expect(first.run.cache.failures == broken.calls)

        let working = FakeEndpoint()
        let second = await evaluation.run(
            endpoint: working, baseURL: "u", model: "m", prompts: prompts, cache: try ResponseCache(path: path))
        #expect(working.calls == evaluation.lists.count)
        #expect(second.summary.row(EvalConfiguration(strategy: .listwise).name)?.usage?.degraded == 0)
    }

    @Test("identical requests in flight at once share one endpoint call")
    func inFlightRequestsShareACall() async throws {
        let endpoint = FakeEndpoint()
        let client = CachedChatClient(upstream: endpoint, cache: nil, baseURL: "u", model: "m")
        let request = ChatCompletionRequest(model: "m", messages: [.user("Rank [1] [2] [3]")])
        let texts = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<8 { group.addTask { try? await client.complete(request).text } }
            var collected: [String?] = []
            for await text in group { collected.append(text) }
            return collected
        }
        #expect(texts.allSatisfy { $0 == "[3] > [2] > [1]" })
        #expect(endpoint.calls >= 1 && endpoint.calls < 8)
        let statistics = await client.statistics
        #expect(statistics.hits + statistics.misses == 8)
        #expect(statistics.misses == endpoint.calls)
    }

    @Test("the cache key changes with the body, the model and the base URL")
    func cacheKey() throws {
        let request = ChatCompletionRequest(model: "m", messages: [.user("a")], temperature: 0)
        let key = try ResponseCache.key(baseURL: "u", model: "m", request: request)
        #expect(key.count == 64)
        #expect(try ResponseCache.key(baseURL: "u", model: "m", request: request) == key)
        var hotter = request
        hotter.temperature = 0.5
        #expect(try ResponseCache.key(baseURL: "u", model: "m", request: hotter) != key)
        #expect(try ResponseCache.key(baseURL: "v", model: "m", request: request) != key)
        #expect(try ResponseCache.key(baseURL: "u", model: "n", request: request) != key)
    }

    /// Keys of caches already on disk must keep matching: the body's bytes and its SHA-256 digest are fixed here,
    /// worked out apart from the code (the hex digest of the base URL, the model and the body, each line ended).
    @Test("a known request has the cache key it has always had")
    func knownCacheKey() throws {
        let request = ChatCompletionRequest(model: "m", messages: [.user("Rank [1] > [2]")], temperature: 0.5)
        #expect(
            String(decoding: try request.jsonBody(), as: UTF8.self)
                == #"{"messages":[{"content":"Rank [1] > [2]","role":"user"}],"model":"m","temperature":0.5}"#)
        #expect(
            try ResponseCache.key(baseURL: "http://127.0.0.1:8012/v1", model: "m", request: request)
                == "ad4406b3c59896eb8de56486adeb316509b8a83613f0a787a23c9f132f8ea823")
    }

    @Test("answers copied into another cache are replayed from it; its own answers stay; --since keeps only the newer")
    func copiedAnswersAreReplayed() async throws {
        let sourcePath = Fixtures.temporaryPath("source.sqlite")
        let destinationPath = Fixtures.temporaryPath("destination.sqlite")
        let recentPath = Fixtures.temporaryPath("recent.sqlite")
        defer { for path in [sourcePath, destinationPath, recentPath] { try? FileManager.default.removeItem(atPath: path) } }
        let older = ChatCompletionRequest(model: "m", messages: [.user("Rank [1] and [2]")])
        let newer = ChatCompletionRequest(model: "m", messages: [.user("Rank [1] [2] [3]")])
        let source = try ResponseCache(path: sourcePath)
        let asking = CachedChatClient(upstream: FakeEndpoint(), cache: source, baseURL: "u", model: "m")
        _ = try await asking.complete(older)
        try await Task.sleep(for: .milliseconds(20))
        let between = Date().timeIntervalSince1970
        _ = try await asking.complete(newer)

        let destination = try ResponseCache(path: destinationPath)
        #expect(try await destination.copyAnswers(from: sourcePath) == 2)
        #expect(try await destination.copyAnswers(from: sourcePath) == 0)
        let endpoint = FakeEndpoint()
        let replaying = CachedChatClient(upstream: endpoint, cache: destination, baseURL: "u", model: "m")
        #expect(try await replaying.complete(older).text == "[2] > [1]")
        #expect(try await replaying.complete(newer).text == "[3] > [2] > [1]")
        #expect(endpoint.calls == 0)

        let recent = try ResponseCache(path: recentPath)
        #expect(try await recent.copyAnswers(from: sourcePath, createdSince: between) == 1)
        let recentEndpoint = FakeEndpoint()
        let fromRecent = CachedChatClient(upstream: recentEndpoint, cache: recent, baseURL: "u", model: "m")
        _ = try await fromRecent.complete(newer)
        #expect(recentEndpoint.calls == 0)
        _ = try await fromRecent.complete(older)
        #expect(recentEndpoint.calls == 1)

        await #expect(throws: ResponseCacheError.self) {
            try await destination.copyAnswers(from: Fixtures.temporaryPath("absent.sqlite"))
        }
    }
}
