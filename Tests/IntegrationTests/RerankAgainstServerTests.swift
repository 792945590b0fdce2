import Foundation
import LLMClient
import RerankCore
import Testing

@Suite("Reranking with the real local model", .enabled(if: LocalServer.isAvailable))
struct RerankAgainstServerTests {
    @Test("a listwise request comes back as a complete ranking from one real call")
    func listwise() async throws {
        let service = try LocalServer.service(baseURL: try LocalServer.requireBaseURL())
        let request = LocalServer.request(id: "real-1", options: RerankOptions(strategy: .listwise))
        let response = await service.rerank(request)
        #expect(!response.degraded, "\(response.degradedReason ?? "")")
        #expect(response.isCompletePermutation(of: request))
        #expect(response.diagnostics.llmCalls == 1)
        #expect(response.diagnostics.promptTokens > 50)
        #expect(response.diagnostics.completionTokens > 0)
    }

    @Test("structured output makes the answer a JSON array of labels", arguments: [PromptFamily.sequential, .recency, .icl])
    func structuredOutput(prompt: PromptFamily) async throws {
        let service = try LocalServer.service(baseURL: try LocalServer.requireBaseURL())
        var options = RerankOptions(prompt: prompt, strategy: .listwise, structuredOutput: true)
        options.explain = true
        let request = LocalServer.request(id: "structured-\(prompt.rawValue)", options: options)
        let response = await service.rerank(request)
        #expect(!response.degraded)
        #expect(response.isCompletePermutation(of: request))
        let output = try #require(response.diagnostics.explain?.first?.output)
        let labels = try JSONDecoder().decode([Int].self, from: Data(output.utf8))
        #expect(labels.allSatisfy { (1...5).contains($0) }, "\(output)")
        #expect(response.diagnostics.repairs.unknown == 0)
    }

    @Test("the client records tokens and latency, and the server reuses the shared prefix")
    func clientRecordsUsage() async throws {
        let client = ChatClient(endpoint: LocalServer.endpoint(baseURL: try LocalServer.requireBaseURL()))
        let prefix = String(repeating: "Movies are stories told in pictures. ", count: 20)
        let first = try await client.complete(
            ChatCompletionRequest(
                model: "m", messages: [.system(prefix), .user("Say yes.")], temperature: 0, maxTokens: 4, extraBody: ["cache_prompt": true])
        )
        let second = try await client.complete(
            ChatCompletionRequest(
                model: "m", messages: [.system(prefix), .user("Say no.")], temperature: 0, maxTokens: 4, extraBody: ["cache_prompt": true]))
        #expect(first.usage.promptTokens > 100)
        #expect(first.latencySeconds > 0)
        #expect(second.usage.completionTokens <= 4)
        #expect(second.usage.cachedTokens > 100, "cached \(second.usage.cachedTokens) of \(second.usage.promptTokens)")
    }

    @Test("logprobs come back when asked for")
    func logprobs() async throws {
        let client = ChatClient(endpoint: LocalServer.endpoint(baseURL: try LocalServer.requireBaseURL()))
        let completion = try await client.complete(
            ChatCompletionRequest(
                model: "m", messages: [.user("Answer Yes or No: is the sky blue?")], temperature: 0, maxTokens: 1, logprobs: true,
                topLogprobs: 5))
        let first = try #require(completion.response.choices.first?.logprobs?.content?.first)
        #expect(first.logprob <= 0)
        #expect((first.topLogprobs?.count ?? 0) >= 2)
    }
}

@Suite("When the endpoint fails", .enabled(if: LocalServer.isAvailable))
struct EndpointFailureTests {
    @Test("an endpoint that refuses connections degrades to the upstream order, flagged, with every candidate")
    func unreachable() async throws {
        let service = try LocalServer.service(baseURL: "http://127.0.0.1:9/v1", retries: 1)
        let request = LocalServer.request(id: "down", options: RerankOptions(strategy: .listwise))
        let response = await service.rerank(request)
        #expect(response.degraded)
        #expect(response.degradedReason?.contains("could not reach") == true)
        #expect(response.ranking.map(\.id) == ["50", "100", "432", "588", "181"])
        #expect(response.diagnostics.retries == 1)
    }

    @Test("a 404 is not retried and says to check the base URL")
    func notFound() async throws {
        let proxy = try FaultProxy(upstream: try LocalServer.requireBaseURL()) { _ in .status(404) }
        defer { proxy.stop() }
        let client = ChatClient(endpoint: LocalServer.endpoint(baseURL: proxy.baseURL))
        await #expect {
            _ = try await client.complete(ChatCompletionRequest(model: "m", messages: [.user("hi")], maxTokens: 1))
        } throws: { error in
            guard let error = error as? LLMClientError else { return false }
            return error.kind == .notFound && error.message.contains("base_url") && error.attempts == 1
        }
        #expect(proxy.requestsSeen == 1)
    }

    @Test("a 429 with Retry-After is waited out, then the real answer is used")
    func retryAfter() async throws {
        let proxy = try FaultProxy(upstream: try LocalServer.requireBaseURL()) { index in
            index == 0 ? .status(429, headers: ["Retry-After": "1"]) : .pass
        }
        defer { proxy.stop() }
        let client = ChatClient(endpoint: LocalServer.endpoint(baseURL: proxy.baseURL))
        let started = Date()
        let completion = try await client.complete(ChatCompletionRequest(model: "m", messages: [.user("hi")], maxTokens: 2))
        #expect(Date().timeIntervalSince(started) >= 1.0)
        #expect(completion.retries == 1)
        #expect(proxy.requestsSeen == 2)
    }

    @Test("the API key never appears in an error message")
    func keyNotLeaked() async throws {
        let key = "sk-marker-7f3a9c1e55d24b0f"
        let proxy = try FaultProxy(upstream: try LocalServer.requireBaseURL()) { _ in
            .status(401, body: #"{"error":{"message":"Incorrect API key provided: sk-marker-7f3a9c1e55d24b0f"}}"#)
        }
        defer { proxy.stop() }
        var endpoint = LocalServer.endpoint(baseURL: proxy.baseURL)
        endpoint.apiKey = key
        let client = ChatClient(endpoint: endpoint)
        do {
            _ = try await client.complete(ChatCompletionRequest(model: "m", messages: [.user("hi")], maxTokens: 1))
            Issue.record("a 401 was accepted")
        } catch let error as LLMClientError {
            #expect(error.kind == .unauthorized)
            #expect(error.message.contains("OPENAI_API_KEY"))
            #expect(!error.message.contains(key))
            #expect(!"\(error)".contains(key))
        }
    }
}
