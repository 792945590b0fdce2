import Benchmark
import Foundation
import LLMClient
import RerankCore
import RerankRuntime

/// The service's own work per request, everything but the model: decode the line, render the prompt,
/// parse and repair the model's answer, aggregate, encode the answer line.
struct OverheadFixture {
    let line: Data
    let prompts: PromptLibrary
    let answer: String
    let decoder = RequestDecoder()

    init(candidates: Int, history: Int) throws {
        // Benchmarks/Benchmarks/RerankOverhead/this file → the repository root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        prompts = try PromptLibrary(directory: root.appendingPathComponent("Prompts").path)
        let historyItems = (0..<history).map {
            #"{"id":"h\#($0)","title":"History movie number \#($0) (1995)","attributes":{"genre":"Drama|Comedy","year":1995}}"#
        }
        let candidateItems = (0..<candidates).map {
            #"{"id":"c\#($0)","title":"Candidate movie number \#($0) (1997)","score":\#(1 - Double($0) / Double(candidates)),"attributes":{"genre":"Action|Sci-Fi"}}"#
        }
        line = Data(#"{"id":"bench","user":{"id":"u","history":[\#(historyItems.joined(separator: ","))]},"candidates":[\#(candidateItems.joined(separator: ","))],"options":{"prompt":"sequential"}}"#.utf8)
        // A realistic imperfect answer: most labels, one repeated, one unknown.
        answer = (1...candidates).reversed().map { "[\($0)]" }.dropLast(2).joined(separator: " > ") + " > [3] > [999]"
    }

    func run() throws -> String {
        guard case .success(let request) = decoder.decode(line: line) else { throw CancellationError() }
        let upstream = request.upstreamOrder
        let window = Array(upstream.prefix(request.options.window))
        let shown = window.map { request.candidates[$0] }
        let messages = try prompts.render("sequential", context: PromptContext.ranking(request: request, shown: shown))
        let body = try ChatCompletionRequest(model: "m", messages: messages, temperature: 0, maxTokens: 100).jsonBody()
        let parser = PermutationParser(candidateCount: shown.count, titles: shown.map(\.title))
        let (positions, repairs) = PermutationRepair.repair(parser.parse(answer), fallbackOrder: Array(shown.indices))
        var ordering = positions.map { window[$0] }
        ordering += upstream.dropFirst(window.count)
        let (order, points) = VoteAggregation.borda.aggregate([ordering], tieBreakOrder: upstream)
        var diagnostics = RerankDiagnostics(strategy: "listwise", prompt: "sequential")
        diagnostics.repairs = repairs
        diagnostics.promptTokens = body.count / 4
        let response = RerankResponse(
            id: request.id,
            ranking: order.enumerated().map { RankedCandidate(id: request.candidates[$1].id, rank: $0 + 1, score: points[$1], evidence: [("points", points[$1])]) },
            degraded: false, diagnostics: diagnostics)
        return ServeLoop.encode(response)
    }
}

/// Answers every call at once with the same imperfect 20-label answer, after encoding the body and decoding the
/// answer exactly as the HTTP client does, so the service's whole path is measured without the model.
struct InstantEndpoint: ChatCompleting {
    let answer: Data

    init() throws {
        let labels = (1...20).reversed().map { "[\($0)]" }.dropLast(2).joined(separator: " > ") + " > [3] > [999]"
        let response: [String: Any] = [
            "choices": [["index": 0, "message": ["role": "assistant", "content": labels], "finish_reason": "stop"]],
            "usage": ["prompt_tokens": 1200, "completion_tokens": 100, "prompt_tokens_details": ["cached_tokens": 600]],
        ]
        answer = try JSONSerialization.data(withJSONObject: response)
    }

    func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        blackHole(try request.jsonBody())
        let response = try JSONDecoder().decode(ChatCompletionResponse.self, from: answer)
        return ChatCompletion(response: response, latencySeconds: 0, retries: 0)
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(3), maxIterations: 10_000)
    for candidates in [20, 100] {
        Benchmark("request overhead K=\(candidates) H=50") { benchmark in
            let fixture = try OverheadFixture(candidates: candidates, history: 50)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try fixture.run())
            }
        }
    }
    for candidates in [20, 100] {
        // What `serve` does per request line, calls included (one per window: 1 at K = 20, 9 at K = 100).
        Benchmark("service path K=\(candidates) H=50") { benchmark in
            let fixture = try OverheadFixture(candidates: candidates, history: 50)
            let service = RerankService(client: try InstantEndpoint(), prompts: fixture.prompts, model: "m")
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                guard case .success(let request) = fixture.decoder.decode(line: fixture.line) else { return }
                blackHole(ServeLoop.encode(await service.rerank(request)))
            }
        }
    }
    Benchmark("decode K=100 H=50") { benchmark in
        let fixture = try OverheadFixture(candidates: 100, history: 50)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(fixture.decoder.decode(line: fixture.line))
        }
    }
    Benchmark("render K=20 H=50") { benchmark in
        let fixture = try OverheadFixture(candidates: 20, history: 50)
        guard case .success(let request) = fixture.decoder.decode(line: fixture.line) else { return }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try fixture.prompts.render("sequential", context: PromptContext.ranking(request: request, shown: request.candidates)))
        }
    }
    Benchmark("answer parsing K=100") { benchmark in
        let fixture = try OverheadFixture(candidates: 100, history: 0)
        let parser = PermutationParser(candidateCount: 100, titles: (0..<100).map { "Candidate movie number \($0) (1997)" })
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(PermutationRepair.repair(parser.parse(fixture.answer), fallbackOrder: Array(0..<100)))
        }
    }
}
