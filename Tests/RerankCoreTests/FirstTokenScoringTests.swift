import Foundation
import LLMClient
import RerankRuntime
import Testing

@testable import RerankCore

@Suite("First-token label reading")
struct FirstTokenLabelTests {
    @Test("a label is matched through spaces, tokenizer space markers, brackets, punctuation and lower case")
    func matching() {
        for token in ["A", " A", "ĠA", "▁A", "[A", "A]", "(A)", "A.", "A:", " a", "\"A\"", "**A**"] {
            #expect(FirstTokenLabels.label(of: token, labelCount: 3) == 0, "\(token)")
        }
        #expect(FirstTokenLabels.label(of: "C", labelCount: 3) == 2)
        #expect(FirstTokenLabels.label(of: "D", labelCount: 3) == nil, "a letter past the shown labels")
        #expect(FirstTokenLabels.label(of: "AB", labelCount: 3) == nil)
        #expect(FirstTokenLabels.label(of: "1", labelCount: 3) == nil)
        #expect(FirstTokenLabels.label(of: "Ä", labelCount: 3) == nil)
        #expect(FirstTokenLabels.label(of: "", labelCount: 3) == nil)
    }

    @Test("tokens naming one label add up, a repeated token counts once, missing labels sit below the lowest alternative")
    func scores() throws {
        let alternatives: [(String, Double)] = [
            ("B", log(0.5)), ("B", log(0.5)), (" B", log(0.1)), ("A", log(0.2)), ("The", log(0.05)),
        ]
        guard case .scores(let scores, let missing) = FirstTokenLabels.read(alternatives: alternatives, labelCount: 4) else {
            Issue.record("expected scores")
            return
        }
        #expect(missing == 2)
        #expect(abs(scores[1] - log(0.6)) < 1e-12)
        #expect(abs(scores[0] - log(0.2)) < 1e-12)
        // Floor: the least likely alternative shown (0.05) halved.
        #expect(abs(scores[2] - log(0.025)) < 1e-12)
        #expect(scores[2] == scores[3])
    }

    @Test("fewer alternatives than candidates still scores every candidate")
    func fewAlternatives() {
        guard case .scores(let scores, let missing) = FirstTokenLabels.read(alternatives: [("C", log(0.9))], labelCount: 20) else {
            Issue.record("expected scores")
            return
        }
        #expect(scores.count == 20)
        #expect(missing == 19)
        #expect(scores.enumerated().allSatisfy { $0.offset == 2 || $0.element < scores[2] })
    }

    @Test("no label among the alternatives is reported, and a reasoning marker is recognised")
    func unusable() {
        #expect(
            FirstTokenLabels.read(alternatives: [("<think>", -0.01), ("The", -5)], labelCount: 3)
                == .noLabel(firstToken: "<think>", reasoning: true))
        #expect(FirstTokenLabels.read(alternatives: [("Sure", -0.1)], labelCount: 3) == .noLabel(firstToken: "Sure", reasoning: false))
        #expect(
            FirstTokenLabels.read(alternatives: [("Sure", -0.1)], labelCount: 3, reasoningText: "let me think")
                == .noLabel(firstToken: "Sure", reasoning: true))
    }

    @Test("picks are tallied by shown position beside the picks a reader without position bias would make")
    func picksByLabel() {
        var four = LogitsCounts()
        four.record(.scores([log(0.1), log(0.6), log(0.2), log(0.1)], missing: 0))
        four.record(.scores([-2, -1, -1, -3], missing: 0))  // a tie goes to the earlier position, B
        var two = LogitsCounts()
        two.record(.scores([-0.1, -2.4], missing: 0))
        two.record(.noLabel(firstToken: "Sure", reasoning: false))  // abstains: no pick, no expectation
        two.record(.noLogprobs)
        let sum = four + two
        #expect(sum.picksByLabel == [1, 2, 0, 0])
        #expect(sum.expectedPicksByLabel == [1.0, 1.0, 0.5, 0.5])
        #expect(sum.scoredCalls == 4)
        let json = sum.outputJSON.serialized
        #expect(json.contains(#""picks_by_label":{"A":1,"B":2,"C":0,"D":0}"#), "\(json)")
        #expect(json.contains(#""expected_picks_by_label":{"A":1,"B":1,"C":0.5,"D":0.5}"#), "\(json)")
        #expect(!LogitsCounts().outputJSON.serialized.contains("picks_by_label"))
    }

    @Test("NaN, +∞ or a log-probability above 0 makes a reading unusable; −1e308 and −∞ read as probability 0, finitely")
    func impossibleLogprobs() {
        for impossible in [1e308, .infinity, .nan, 0.5] {
            let reading = FirstTokenLabels.read(alternatives: [("A", impossible), ("B", log(0.3))], labelCount: 3)
            #expect(reading == .noLabel(firstToken: "A", reasoning: false), "\(impossible)")
            var counts = LogitsCounts()
            counts.record(reading)
            #expect(counts.unusable == 1 && counts.firstUnusableToken == "A", "counted as other unusable readings are")
        }
        for negligible in [-1e308, -.infinity, -Double.greatestFiniteMagnitude] {
            guard
                case .scores(let scores, let missing) = FirstTokenLabels.read(
                    alternatives: [("A", negligible), ("B", log(0.3)), ("The", negligible)], labelCount: 3)
            else {
                Issue.record("expected scores for \(negligible)")
                continue
            }
            #expect(missing == 2)
            #expect(scores.allSatisfy { $0.isFinite }, "\(scores)")
            #expect(LogitsCounts.pickedPosition(scores) == 1)
            let probabilities = FirstTokenLabels.probabilities(scores)
            #expect(probabilities.allSatisfy { $0.isFinite && (0...1).contains($0) })
            #expect(abs(probabilities.reduce(0, +) - 1) < 1e-12)
            // Scores of many such readings summed, as votes are, stay finite.
            #expect(Array(repeating: scores, count: 1000).reduce(0) { $0 + $1[0] }.isFinite)
        }
        // A certain token a rounding hair above log 1 is read as certain.
        guard case .scores(let scores, _) = FirstTokenLabels.read(alternatives: [("A", 1e-9), ("B", -5)], labelCount: 2) else {
            Issue.record("expected scores")
            return
        }
        #expect(scores[0] == 0)
    }

    @Test("a response without logprobs says so")
    func noLogprobs() throws {
        let body = #"{"choices":[{"message":{"role":"assistant","content":"A"}}]}"#
        let response = try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(body.utf8))
        #expect(FirstTokenLabels.read(response, labelCount: 3) == .noLogprobs)
    }

    @Test("normalised log-probabilities sum to one over the labels")
    func normalised() {
        let probabilities = FirstTokenLabels.probabilities([log(0.2), log(0.1), log(0.1)])
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-12)
        #expect(abs(probabilities[0] - 0.5) < 1e-12)
    }
}

@Suite("Score fusion")
struct ScoreFusionTests {
    @Test("the score blend standardises each side and weights them, by hand-computed values")
    func blend() {
        // LLM scores 3, 1, 2 → mean 2, sd √(2/3): z = (1.2247, −1.2247, 0).
        // Upstream scores 0, 10, 20 → mean 10, sd √(200/3): z = (−1.2247, 0, 1.2247).
        let (order, scores) = Fusion.fuseScores(
            llmOrder: [0, 2, 1], llmScores: [3, 1, 2], upstreamOrder: [2, 1, 0], upstreamScores: [0, 10, 20], weight: 0.25)
        let z = (1.5).squareRoot()
        #expect(abs(scores[0] - (0.75 * z + 0.25 * -z)) < 1e-9)
        #expect(abs(scores[1] - (0.75 * -z)) < 1e-9)
        #expect(abs(scores[2] - (0.25 * z)) < 1e-9)
        #expect(order == [0, 2, 1])
    }

    @Test("a side without scores enters as standardised scaled ranks; weight 1 is the upstream order")
    func fallbacks() {
        let (order, _) = Fusion.fuseScores(llmOrder: [1, 0, 2], llmScores: nil, upstreamOrder: [0, 1, 2], upstreamScores: nil, weight: 0)
        #expect(order == [1, 0, 2])
        let (upstreamOnly, _) = Fusion.fuseScores(
            llmOrder: [1, 0, 2], llmScores: [1, 9, 0], upstreamOrder: [2, 0, 1], upstreamScores: nil, weight: 1)
        #expect(upstreamOnly == [2, 0, 1])
        // Equal LLM scores carry no signal: the upstream order breaks the tie.
        let (tied, _) = Fusion.fuseScores(
            llmOrder: [0, 1, 2], llmScores: [5, 5, 5], upstreamOrder: [2, 1, 0], upstreamScores: nil, weight: 0)
        #expect(tied == [2, 1, 0])
        // A non-finite score makes that side fall back to ranks instead of poisoning the blend.
        let (guarded, scores) = Fusion.fuseScores(
            llmOrder: [1, 0, 2], llmScores: [.nan, 1, 0], upstreamOrder: [0, 1, 2], upstreamScores: nil, weight: 0)
        #expect(guarded == [1, 0, 2])
        #expect(scores.allSatisfy { $0.isFinite })
    }

    @Test("the one ordering rule: higher first, ties by the tie-break order")
    func scoreOrder() {
        #expect(ScoreOrder.order([1, 2, 2, 0], tieBreakOrder: [3, 2, 1, 0]) == [2, 1, 0, 3])
        #expect(ScoreOrder.order([], tieBreakOrder: []) == [])
    }
}

/// Answers "which is best" by a fixed preference and counts the questions.
actor ScriptedPicker {
    let preference: [Int]
    private(set) var questions: [[Int]] = []
    init(preference: [Int]) { self.preference = preference }

    func best(_ set: [Int]) -> Int? {
        questions.append(set)
        let rank = Dictionary(uniqueKeysWithValues: preference.enumerated().map { ($1, $0) })
        return set.indices.min { (rank[set[$0]] ?? .max) < (rank[set[$1]] ?? .max) }
    }
}

@Suite("Setwise heap sort")
struct SetwiseHeapSortTests {
    @Test(
        "puts the top k in the comparator's order and the rest in upstream order",
        arguments: [
            (9, 4, 3), (10, 4, 10), (7, 4, 2), (3, 4, 10), (2, 2, 1), (13, 3, 5), (20, 5, 10), (1, 4, 10),
        ])
    func order(count: Int, setSize: Int, topK: Int) async {
        let upstream = Array(0..<count)
        var generator = SplitMix64(seed: UInt64(count * 31 + setSize))
        let preference = upstream.shuffled(using: &generator)
        let picker = ScriptedPicker(preference: preference)
        let sorted = await SetwiseHeapSort(setSize: setSize, topK: topK).sort(upstream) { await picker.best($0) }
        let wanted = min(topK, count)
        #expect(sorted.count == count)
        #expect(Set(sorted) == Set(upstream))
        #expect(Array(sorted.prefix(wanted)) == Array(preference.prefix(wanted)))
        let rest = sorted.dropFirst(wanted)
        #expect(Array(rest) == rest.sorted(), "the rest keep upstream order")
        for set in await picker.questions { #expect(set.count <= setSize && set.count >= 2) }
    }

    @Test("a comparator that cannot tell keeps the upstream order")
    func unusable() async {
        let sorted = await SetwiseHeapSort(setSize: 4, topK: 10).sort(Array(0..<12)) { _ in nil }
        #expect(sorted == Array(0..<12))
    }

    @Test("uses fewer questions than the candidates times their log for a top 10 of 20")
    func cost() async {
        let picker = ScriptedPicker(preference: Array((0..<20).reversed()))
        _ = await SetwiseHeapSort(setSize: 4, topK: 10).sort(Array(0..<20)) { await picker.best($0) }
        let asked = await picker.questions.count
        #expect(asked > 0 && asked < 20 * 5)
    }
}

/// Answers every one-token call with logprobs in which each candidate's letter has a fixed probability,
/// wherever the shuffle put it: the labels are read back from the rendered candidate lines.
final class LabelledLogprobsClient: ChatCompleting, @unchecked Sendable {
    let probability: [String: Double]
    private let lock = NSLock()
    private(set) var requests: [ChatCompletionRequest] = []

    init(probability: [String: Double]) { self.probability = probability }

    func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        lock.withLock { requests.append(request) }
        let prompt = request.messages.map(\.content).joined(separator: "\n")
        var top: [[String: Any]] = []
        for line in prompt.split(separator: "\n") {
            for (title, p) in probability where line.contains("\"\(title)\"") {
                if let letter = line.first, line.dropFirst().hasPrefix(".") { top.append(["token": String(letter), "logprob": log(p)]) }
            }
        }
        top.sort { ($0["logprob"] as? Double ?? 0) > ($1["logprob"] as? Double ?? 0) }
        let first = top.first ?? ["token": "?", "logprob": -1.0]
        let body = try JSONSerialization.data(withJSONObject: [
            "choices": [
                [
                    "message": ["role": "assistant", "content": first["token"] ?? "?"],
                    "logprobs": ["content": [["token": first["token"] ?? "?", "logprob": first["logprob"] ?? -1.0, "top_logprobs": top]]],
                ]
            ],
            "usage": ["prompt_tokens": 10, "completion_tokens": 1],
        ])
        return ChatCompletion(response: try JSONDecoder().decode(ChatCompletionResponse.self, from: body), latencySeconds: 0, retries: 0)
    }
}

@Suite("Listwise first-token scoring")
struct ListwiseLogitsTests {
    func request(votes: Int, titles: [String]) -> RerankRequest {
        var options = RerankOptions(strategy: .listwise, votes: votes, seed: 11)
        options.scoring = .logits
        return RerankRequest(
            id: "r", user: UserContext(id: "u", history: [Item(id: "h", title: "Heat")]),
            candidates: titles.enumerated().map { Item(id: "c\($0.offset)", title: $0.element) }, options: options)
    }

    @Test("votes on different shuffles combine as the mean of normalised log-probabilities, by hand-computed values")
    func votes() async throws {
        let client = LabelledLogprobsClient(probability: ["Alpha": 0.2, "Beta": 0.5, "Gamma": 0.3])
        let service = RerankService(client: client, prompts: try PromptLibrary(directory: PackagePaths.prompts), model: "m")
        let response = await service.rerank(request(votes: 3, titles: ["Alpha", "Beta", "Gamma"]))
        #expect(response.ranking.map(\.id) == ["c1", "c2", "c0"])
        #expect(response.degraded == false)
        #expect(response.diagnostics.llmCalls == 3)
        #expect(response.diagnostics.logits.scoredCalls == 3)
        #expect(response.diagnostics.logits.picksByLabel.reduce(0, +) == 3, "each vote picks one shown position")
        #expect(response.diagnostics.logits.expectedPicksByLabel == [1, 1, 1])
        #expect(response.diagnostics.firstTryValid == 3, "a logits reading is a complete permutation by construction")
        let evidence = Dictionary(uniqueKeysWithValues: response.ranking.map { ($0.id, $0.evidence.first { $0.0 == "logprob" }?.1 ?? 0) })
        // Each vote sees the same probabilities (they sum to 1), so the mean is log p, rounded to 4 places.
        #expect(abs((evidence["c1"] ?? 0) - log(0.5)) < 1e-4)
        #expect(abs((evidence["c0"] ?? 0) - log(0.2)) < 1e-4)
        // Every call is one token with logprobs and letter labels.
        for sent in client.requests {
            #expect(sent.maxTokens == 1 && sent.logprobs == true && sent.topLogprobs == 20)
            #expect(sent.messages.map(\.content).joined().contains("A. \""))
        }
    }

    @Test("a label missing from the alternatives gets the floor and ranks last; ties keep upstream order")
    func missing() async throws {
        let client = LabelledLogprobsClient(probability: ["Alpha": 0.6, "Gamma": 0.3])
        let service = RerankService(client: client, prompts: try PromptLibrary(directory: PackagePaths.prompts), model: "m")
        let response = await service.rerank(request(votes: 1, titles: ["Alpha", "Beta", "Gamma", "Delta"]))
        #expect(response.ranking.map(\.id) == ["c0", "c2", "c1", "c3"])
        #expect(response.diagnostics.logits.labelsMissing == 2)
    }

    @Test("a window is capped at the twenty single-token labels")
    func windowCap() async throws {
        let titles = (0..<25).map { "Title \($0)" }
        let client = LabelledLogprobsClient(probability: ["Title 24": 0.9])
        let service = RerankService(client: client, prompts: try PromptLibrary(directory: PackagePaths.prompts), model: "m")
        var wide = request(votes: 1, titles: titles)
        wide.options.window = 40
        wide.options.step = 30
        let response = await service.rerank(wide)
        #expect(response.diagnostics.windowPasses >= 2)
        #expect(Set(response.ranking.map(\.id)).count == 25)
        #expect(response.ranking.first?.id == "c24", "the bottom candidate climbs through the overlapping windows")
    }
}

@Suite("Extra body fields")
struct ExtraBodyTests {
    @Test("endpoint fields are added under the request's own, and never replace the model, messages or typed options")
    func merge() throws {
        var request = ChatCompletionRequest(model: "m", messages: [.user("hi")], temperature: 0, maxTokens: 3)
        request.extraBody = ["cache_prompt": .bool(false)]
        let merged = request.merging(endpointExtraBody: [
            "cache_prompt": .bool(true), "model": .string("other"), "messages": .array([]), "temperature": .number(1),
            "chat_template_kwargs": ["enable_thinking": .bool(false)],
        ])
        let body = try JSONSerialization.jsonObject(with: try merged.jsonBody()) as? [String: Any] ?? [:]
        #expect(body["model"] as? String == "m")
        #expect((body["messages"] as? [Any])?.count == 1)
        #expect(body["temperature"] as? Double == 0)
        #expect(body["cache_prompt"] as? Bool == false)
        #expect((body["chat_template_kwargs"] as? [String: Any])?["enable_thinking"] as? Bool == false)
    }

    @Test("the configured extra body reaches the endpoint configuration")
    func configured() throws {
        var configuration = Configuration()
        configuration.endpoint.extraBody = ["chat_template_kwargs": ["enable_thinking": .bool(false)]]
        let endpoint = configuration.endpointConfiguration(baseURL: "http://127.0.0.1:1/v1", environment: [:])
        #expect(endpoint.extraBody == configuration.endpoint.extraBody)
    }
}

/// Opens a reasoning block as its first token, as a thinking model does.
struct ThinkingClient: ChatCompleting {
    func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        let body =
            #"{"choices":[{"message":{"role":"assistant","content":"<think>"},"logprobs":{"content":[{"token":"<think>","logprob":-0.01,"top_logprobs":[{"token":"<think>","logprob":-0.01},{"token":"Okay","logprob":-6}]}]}}],"usage":{"prompt_tokens":9,"completion_tokens":1}}"#
        return ChatCompletion(
            response: try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(body.utf8)), latencySeconds: 0, retries: 0)
    }
}

@Suite("Thinking models under first-token scoring")
struct ThinkingModelTests {
    @Test("a first token that opens a reasoning block is reported with the fix, not returned silently as the upstream order")
    func reported() async throws {
        let service = RerankService(client: ThinkingClient(), prompts: try PromptLibrary(directory: PackagePaths.prompts), model: "m")
        var options = RerankOptions(strategy: .listwise)
        options.scoring = .logits
        let request = RerankRequest(
            id: "t", user: UserContext(id: "u", history: []),
            candidates: ["a", "b", "c"].map { Item(id: $0, title: "Title \($0)") }, options: options)
        let response = await service.rerank(request)
        #expect(response.ranking.map(\.id) == ["a", "b", "c"])
        #expect(response.diagnostics.logits.unusable == 1)
        #expect(response.diagnostics.logits.reasoning == 1)
        #expect(response.diagnostics.logits.firstUnusableToken == "<think>")
        #expect(response.diagnostics.logits.note?.contains("enable_thinking") == true)
        #expect(response.outputJSON.serialized.contains("\"note\":"))
        #expect(response.diagnostics.firstTryValid == 0)
    }
}

@Suite("Setwise cost bound")
struct SetwiseCostBoundTests {
    @Test(
        "the comparisons a setwise heap sort asks never exceed what the per-request call bound allows for",
        arguments: [
            (20, 4, 10), (100, 4, 10), (37, 2, 37), (200, 20, 200), (9, 3, 1), (5, 6, 10),
        ])
    func bound(count: Int, setSize: Int, topK: Int) async {
        var generator = SplitMix64(seed: UInt64(count))
        let picker = ScriptedPicker(preference: Array(0..<count).shuffled(using: &generator))
        _ = await SetwiseHeapSort(setSize: setSize, topK: topK).sort(Array(0..<count)) { await picker.best($0) }
        var options = RerankOptions(strategy: .setwise)
        options.setSize = setSize
        options.topK = topK
        let asked = await picker.questions.count
        // Two calls per comparison at most (logits, then text), one vote.
        #expect(asked * 2 <= RequestCost.maxCalls(candidates: count, options: options))
        // Calibrated, one content-free call more per set size asked.
        let sizes = Set(await picker.questions.map(\.count)).count
        options.calibration = .contentFree
        #expect(asked * 2 + sizes <= RequestCost.maxCalls(candidates: count, options: options))
    }
}
