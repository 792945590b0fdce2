import ArgumentParser
import Foundation
import JSONLines
import LLMClient
import RerankCore
import RerankRuntime

struct Score: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scores lists (rankings, creatives, texts) for relevance, diversity and hard constraints; JSON Lines in, one answer per line out.",
        discussion: """
            Input line: {"id", "context" | "user" | "product", "items" | "creatives" | "texts", "pool", "constraints", "weights"}. \
            Answer: {"id", "backend", "elements": [{"id", "relevance", "reward", ...}], "list": {"relevance", "ild", "coverage", \
            "distinct_1", "distinct_2", "self_bleu", "reward"}}. Reward = Σ wᵢ·mᵢ / Σ wᵢ (see README).
            """
    )

    @OptionGroup var options: CommonOptions

    @Option(name: .long, help: "Read lines from this file instead of stdin.")
    var input: String?

    @Option(name: .long, help: "Relevance backend: tfidf (default), bm25, embeddings or judge.")
    var relevance = "tfidf"

    @Option(name: .long, help: "The /v1 root serving /embeddings; default: endpoint.base_url.")
    var embeddingsURL: String?

    @Option(name: .long, help: "The embedding model's name.")
    var embeddingsModel = "text-embedding-3-small"

    @Option(name: .long, help: "Reward weights, e.g. relevance=0.6,ild=0.15,coverage=0.05,distinct2=0.1,self_bleu=0.1.")
    var weights: String?

    @Option(name: .long, help: "Highest n-gram order of self-BLEU.")
    var selfBleuOrder = 4

    func validate() throws {
        guard ["tfidf", "bm25", "embeddings", "judge"].contains(relevance) else {
            throw ValidationError("--relevance must be tfidf, bm25, embeddings or judge")
        }
        guard (1...8).contains(selfBleuOrder) else { throw ValidationError("--self-bleu-order must be from 1 to 8") }
    }

    func run() async throws {
        let defaultWeights: RewardWeights
        do {
            defaultWeights = try weights.map { try RewardWeights(parsing: $0) } ?? options.loadConfiguration().reward.weights
        } catch {
            throw ValidationError("--weights: \(error)")
        }
        let backend: any RelevanceScoring
        switch relevance {
        case "bm25": backend = LexicalRelevance(method: .bm25)
        case "tfidf": backend = LexicalRelevance(method: .tfidf)
        default:
            let runtime = try BatchCommandSupport.runtime(options)
            if relevance == "judge" {
                backend = JudgeRelevance(client: runtime.client, model: runtime.endpoint.model)
            } else {
                var endpoint = runtime.endpoint
                if let embeddingsURL { endpoint.baseURL = embeddingsURL }
                backend = EmbeddingRelevance(embedding: EmbeddingClient(endpoint: endpoint, model: embeddingsModel))
            }
        }
        var descriptor: Int32 = 0
        if let input {
            descriptor = open(input, O_RDONLY)
            guard descriptor >= 0 else { throw ValidationError("cannot open --input \(input): \(String(cString: strerror(errno)))") }
        }
        let output = StandardOutput()
        let started = Date()
        var scored = 0, errors = 0
        defer {
            FileHandle.standardError.write(Data("score: \(scored) scored, \(errors) errors; \(String(format: "%.1f", Date().timeIntervalSince(started))) s\n".utf8))
        }
        for await line in FileDescriptorLines(fileDescriptor: descriptor, maxLineBytes: 1_048_576) {
            guard case .line(let data) = line else {
                errors += 1
                _ = output.writeLine(OutputJSON.object([("id", .null), ("error", .object([("code", .string("line_too_long")), ("message", .string("the line is longer than 1 MiB"))]))]).serialized)
                continue
            }
            if data.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let answer: OutputJSON
            switch ScoreRequest.decode(data) {
            case .failure(let error):
                errors += 1
                answer = .object([("id", error.id.map(OutputJSON.string) ?? .null), ("error", .object([("code", .string(error.code.rawValue)), ("message", .string(error.message))]))])
            case .success(let request):
                let scorer = RewardScorer(relevance: backend, weights: request.weights ?? defaultWeights, selfBLEUOrder: selfBleuOrder)
                do {
                    let score = try await scorer.score(request.elements, context: request.context, pool: request.pool)
                    guard case .object(let members) = score.outputJSON else { continue }
                    answer = .object([("id", .string(request.id))] + members)
                    scored += 1
                } catch {
                    errors += 1
                    answer = .object([("id", .string(request.id)), ("error", .object([("code", .string(error.code.rawValue)), ("message", .string(error.message))]))])
                }
            }
            guard output.writeLine(answer.serialized) else { break }
        }
    }
}
