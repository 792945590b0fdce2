import ArgumentParser
import Foundation
import JSONLines
import LLMClient
import RerankCore
import RerankRuntime

/// `rerank-agent score`: relevance, diversity and reward of lists, one answer line per input line.
struct Score: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Scores lists (rankings, creatives, texts) for relevance, diversity and hard constraints; JSON Lines in, one answer per line out.",
        discussion: """
            Input line: {"id", "context" | "user" | "product", "items" | "creatives" | "texts", "pool", "constraints", "weights"}. \
            Answer: {"id", "backend", "elements": [{"id", "relevance", "reward", ...}], "list": {"relevance", "ild", "coverage", \
            "distinct_1", "distinct_2", "self_bleu", "reward"}}. Reward = Σ wᵢ·mᵢ / Σ wᵢ (see docs/reasons-and-creatives.md). A line scores at most \
            \(ScoreRequest.maxElements) elements; a longer list is answered with a \(RequestError.Code.tooManyElements.rawValue) error.
            """
    )

    @OptionGroup var options: CommonOptions

    @Option(name: .long, help: "Read lines from this file instead of stdin.")
    var input: String?

    @Option(name: .long, help: "Relevance backend: tfidf (default), bm25, embeddings or judge.")
    var relevance = RelevanceBackend.tfidf

    @Option(name: .long, help: "The /v1 root serving /embeddings; default: endpoint.base_url.")
    var embeddingsURL: String?

    @Option(name: .long, help: "The embedding model's name.")
    var embeddingsModel = "text-embedding-3-small"

    @Option(name: .long, help: "Reward weights, e.g. relevance=0.6,ild=0.15,coverage=0.05,distinct2=0.1,self_bleu=0.1.")
    var weights: String?

    @Option(name: .long, help: "Highest n-gram order of self-BLEU.")
    var selfBleuOrder = 4

    func validate() throws {
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
        case .bm25: backend = LexicalRelevance(method: .bm25)
        case .tfidf: backend = LexicalRelevance(method: .tfidf)
        case .judge:
            let runtime = try BatchCommandSupport.runtime(options)
            backend = JudgeRelevance(client: runtime.client, model: runtime.endpoint.model)
        case .embeddings:
            let runtime = try BatchCommandSupport.runtime(options)
            var endpoint = runtime.endpoint
            if let embeddingsURL { endpoint.baseURL = embeddingsURL }
            backend = EmbeddingRelevance(embedding: EmbeddingClient(endpoint: endpoint, model: embeddingsModel))
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
            FileHandle.standardError.write(
                Data("score: \(scored) scored, \(errors) errors; \(String(format: "%.1f", Date().timeIntervalSince(started))) s\n".utf8))
        }
        for await line in FileDescriptorLines(fileDescriptor: descriptor, maxLineBytes: 1_048_576) {
            guard let answer = await answer(line, backend: backend, defaultWeights: defaultWeights) else { continue }
            if answer.scored { scored += 1 } else { errors += 1 }
            guard output.writeLine(answer.line) else { break }
        }
    }

    /// The answer line for one input line, and whether it is a score (else an error line); nil for a blank line.
    func answer(_ line: InputLine, backend: any RelevanceScoring, defaultWeights: RewardWeights) async -> (line: String, scored: Bool)? {
        guard case .line(let data) = line else {
            return (Self.errorLine(id: nil, code: RequestError.Code.lineTooLong.rawValue, message: "the line is longer than 1 MiB"), false)
        }
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        switch ScoreRequest.decode(data) {
        case .failure(let error):
            return (Self.errorLine(id: error.id, code: error.code.rawValue, message: error.message), false)
        case .success(let request):
            let scorer = RewardScorer(relevance: backend, weights: request.weights ?? defaultWeights, selfBLEUOrder: selfBleuOrder)
            do {
                let score = try await scorer.score(request.elements, context: request.context, pool: request.pool)
                guard case .object(let members) = score.outputJSON else { return nil }
                return (OutputJSON.object([("id", .string(request.id))] + members).serialized, true)
            } catch {
                return (Self.errorLine(id: request.id, code: error.code.rawValue, message: error.message), false)
            }
        }
    }

    /// `{"id": …, "error": {"code": …, "message": …}}`, the one shape of every error line score writes.
    static func errorLine(id: String?, code: String, message: String) -> String {
        OutputJSON.object([
            ("id", id.map(OutputJSON.string) ?? .null), ("error", .object([("code", .string(code)), ("message", .string(message))])),
        ]).serialized
    }
}
