import Foundation
import LLMClient

/// Writes the creatives for one ad: asks the model for a batch, runs every hard check, asks again naming the
/// failures for up to `maxRounds` rounds, then picks `count` of the survivors by relevance and MMR.
/// Only creatives that pass every check are ever chosen; every failure is reported with its rule.
public struct CreativeWriter: Sendable {
    public let client: any ChatCompleting
    public let prompt: CreativePrompt
    public let model: String
    public var temperature: Double
    public var seed: UInt64
    /// MMR's λ when choosing among survivors.
    public var lambda: Double
    public var relevance: LexicalRelevance
    /// Ask for a JSON-schema-constrained answer (llama.cpp, vLLM, OpenAI).
    public var structuredOutput: Bool

    public init(
        client: any ChatCompleting, prompt: CreativePrompt, model: String, temperature: Double = 0.8, seed: UInt64 = 0,
        lambda: Double = 0.7, relevance: LexicalRelevance = LexicalRelevance(), structuredOutput: Bool = true
    ) {
        self.client = client
        self.prompt = prompt
        self.model = model
        self.temperature = temperature
        self.seed = seed
        self.lambda = lambda
        self.relevance = relevance
        self.structuredOutput = structuredOutput
    }

    /// Why no creative could be had at all.
    public struct Failure: Error, Sendable {
        public var message: String
        public var usage: TokenUsage
    }

    /// The result, or a failure when every call to the endpoint failed.
    public func write(_ ad: AdRequest) async -> Result<CreativeResult, Failure> {
        let constraints = ad.constraints
        let checker = CreativeChecker(constraints: constraints)
        var accepted: [Creative] = []
        var rejected: [CreativeResult.Rejected] = []
        var lastFailures: [(Creative, [CreativeViolation])] = []
        var usage = TokenUsage()
        var lastError: String?
        var answeredCalls = 0
        for round in 1...max(1, constraints.maxRounds) where accepted.count < constraints.count {
            let missing = constraints.count - accepted.count
            let asked = round == 1 ? max(constraints.candidates, constraints.count) : min(max(missing * 2, missing + 1), max(constraints.candidates, missing))
            let messages: [ChatMessage]
            do {
                messages = try prompt.messages(for: ad, count: asked, accepted: accepted, failures: lastFailures)
            } catch {
                return .failure(Failure(message: "\(error)", usage: usage))
            }
            let outcome = await client.call(request(messages, ad: ad, count: asked, round: round), purpose: "creatives round \(round)", explain: false)
            usage += TokenUsage(outcome)
            guard let completion = outcome.completion else {
                lastError = outcome.error?.message ?? "the call failed"
                continue
            }
            answeredCalls += 1
            lastFailures = []
            for creative in Self.parse(completion.text) {
                let violations = checker.violations(of: creative, accepted: accepted)
                if violations.isEmpty {
                    accepted.append(creative)
                } else {
                    rejected.append(CreativeResult.Rejected(creative: creative, violations: violations, round: round))
                    lastFailures.append((creative, violations))
                }
            }
        }
        if answeredCalls == 0 {
            return .failure(Failure(message: lastError ?? "no call was made", usage: usage))
        }
        return .success(CreativeResult(id: ad.id, creatives: choose(accepted, for: ad), rejected: rejected, usage: usage))
    }

    /// Scores survivors against the product and audience and picks `count` by MMR over their TF-IDF similarity.
    func choose(_ survivors: [Creative], for ad: AdRequest) -> [CreativeResult.Chosen] {
        guard !survivors.isEmpty else { return [] }
        let texts = survivors.map(\.text)
        let product = relevance.scores(of: texts, to: ad.product.text)
        let audience: [Double]? = ad.audience.isEmpty ? nil : relevance.scores(of: texts, to: ad.audience.text)
        let blended = survivors.indices.map { index in
            audience.map { 0.7 * product[index] + 0.3 * $0[index] } ?? product[index]
        }
        let similarity = SimilarityMatrix.lexical(texts)
        let picks = MMR(lambda: lambda).selectWithValues(relevance: blended, similarity: similarity, count: ad.constraints.count)
        return picks.enumerated().map { position, pick in
            let closest = picks[..<position].map { similarity[pick.index][$0.index] }.max() ?? 0
            return CreativeResult.Chosen(
                creative: survivors[pick.index], productRelevance: product[pick.index], audienceRelevance: audience?[pick.index],
                relevance: blended[pick.index], novelty: 1 - closest, mmr: pick.value)
        }
    }

    func request(_ messages: [ChatMessage], ad: AdRequest, count: Int, round: Int) -> ChatCompletionRequest {
        let constraints = ad.constraints
        let perCreative = constraints.headlineMaxChars + constraints.descriptionMaxChars + 24
        var chat = ChatCompletionRequest(
            model: model, messages: messages, temperature: temperature, maxTokens: min(4096, count * perCreative + 32),
            seed: Int(truncatingIfNeeded: seed &+ UInt64(round)))
        if structuredOutput {
            // Characters, not display width: a wide-script product gets half, so a full-width answer can fit.
            let wide = ad.product.text.contains { DisplayWidth.width(of: $0) == 2 }
            chat.responseFormat = .jsonSchema(name: "creatives", schema: Self.schema(
                count: count,
                headlineMax: wide ? max(1, constraints.headlineMaxChars / 2) : constraints.headlineMaxChars,
                descriptionMax: wide ? max(1, constraints.descriptionMaxChars / 2) : constraints.descriptionMaxChars))
        }
        return chat
    }

    static func schema(count: Int, headlineMax: Int, descriptionMax: Int) -> JSONValue {
        [
            "type": "object",
            "properties": [
                "creatives": [
                    "type": "array",
                    "minItems": .number(Double(count)), "maxItems": .number(Double(count)),
                    "items": [
                        "type": "object",
                        "properties": [
                            "headline": ["type": "string", "minLength": 1, "maxLength": .number(Double(headlineMax))],
                            "description": ["type": "string", "minLength": 1, "maxLength": .number(Double(descriptionMax))],
                        ],
                        "required": ["headline", "description"],
                        "additionalProperties": false,
                    ],
                ],
            ],
            "required": ["creatives"],
            "additionalProperties": false,
        ]
    }

    /// The creatives in an answer: `{"creatives": [...]}` or a bare list, prose around it tolerated; entries
    /// without a string headline and description are skipped. Text is trimmed and kept on one line.
    static func parse(_ text: String) -> [Creative] {
        let candidates = [text, JSONExtraction.firstObject(in: text), JSONExtraction.firstArray(in: text)].compactMap { $0 }
        for candidate in candidates {
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(candidate.utf8)) else { continue }
            let entries: [JSONValue]
            switch value {
            case .array(let list): entries = list
            case .object(let members):
                guard case .array(let list)? = members["creatives"] else { continue }
                entries = list
            default: continue
            }
            return entries.compactMap { entry in
                guard case .object(let fields) = entry, let headline = fields["headline"]?.stringValue,
                    let description = fields["description"]?.stringValue
                else { return nil }
                return Creative(headline: Self.clean(headline), description: Self.clean(description))
            }
        }
        return []
    }

    static func clean(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }
}
