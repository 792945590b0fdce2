import Foundation
import LLMClient
import RerankRuntime
import Testing

@testable import RerankCore

@Suite("Recommendation reasons")
struct ReasonsTests {
    private let history = [
        Item(id: "h1", title: "Toy Story (1995)", attributes: [.init(name: "genre", value: "Animation|Comedy")]),
        Item(id: "h2", title: "Lion King, The (1994)"),
    ]
    private let items = [
        Item(id: "m1", title: "Aladdin (1992)", attributes: [.init(name: "genre", value: "Animation|Musical")]),
        Item(id: "m2", title: "Fargo (1996)", attributes: [.init(name: "genre", value: "Crime")]),
        Item(id: "m3", title: "Heat (1995)"),
    ]

    private func request() -> RerankRequest {
        RerankRequest(id: "r", user: UserContext(id: "u", history: history), candidates: items, options: RerankOptions())
    }

    private func writer(_ chat: ScriptedChat, maxCharacters: Int = 80) throws -> ReasonWriter {
        ReasonWriter(
            client: chat, prompts: try PromptLibrary(directory: PackagePaths.prompts), model: "m",
            configuration: ReasonConfiguration(maxCharacters: maxCharacters, minCharacters: 5, maxRounds: 2))
    }

    @Test("validation sorts an answer into valid reasons, problems per requested id, and ids never asked for")
    func validation() {
        let validator = ReasonValidator(maxCharacters: 20, minCharacters: 3)
        let outcome = validator.validate(
            #"Here: {"a": "Short and fine.", "b": "This one is far too long to fit the limit", "c": 3, "z": "extra"}"#,
            requested: ["a", "b", "c", "d"])
        #expect(outcome.valid == ["a": "Short and fine."])
        #expect(outcome.problems["b"]?.hasPrefix("longer than 20") == true)
        #expect(outcome.problems["c"] == "not a string")
        #expect(outcome.problems["d"] == "missing")
        #expect(outcome.unrequested == ["z"])
        let garbage = validator.validate("no json at all", requested: ["a"])
        #expect(garbage.valid.isEmpty && garbage.problems["a"] != nil)
        #expect(validator.validate(#"{"a": " "}"#, requested: ["a"]).problems["a"] == "empty")
    }

    @Test("several sentences an id: the valid ones kept in order, the first as the reason, at most four read")
    func severalSentences() {
        let validator = ReasonValidator(maxCharacters: 20, minCharacters: 3)
        let outcome = validator.validate(
            #"{"a": ["This one is far too long to fit", "Short and fine.", "Also fine."], "b": ["x", "far far far too long for it"], "#
                + #""c": [], "d": [1, 2], "e": ["1.", "2.", "3.", "4.", "5.", "6."]}"#,
            requested: ["a", "b", "c", "d", "e"])
        #expect(outcome.valid["a"] == "Short and fine.")
        #expect(outcome.candidates["a"] == ["Short and fine.", "Also fine."])
        #expect(outcome.problems["a"] == nil)
        #expect(outcome.problems["b"] == "shorter than 3 characters", "the first fault is named")
        #expect(outcome.problems["c"] == "empty")
        #expect(outcome.problems["d"] == "not a string")
        #expect(outcome.problems["e"] == "shorter than 3 characters", "only the first \(ReasonValidator.maxSentencesRead) are read")
    }

    @Test("asked for several sentences an item, the rounds keep the first that passes and report the refused one")
    func firstPassingSentence() async throws {
        let chat = ScriptedChat([
            #"{"m1": ["Aladdin (1992)", "You loved Toy Story, and this one is Animation too."], "#
                + #""m2": ["A Crime story unlike your usual picks.", "Another Crime pick for you, a change of pace."]}"#
        ])
        let result = await try writer(chat).reasons(for: request(), ranked: items, count: 2)
        #expect(result.reasons.map(\.id) == ["m1", "m2"])
        #expect(result.reasons.first?.text == "You loved Toy Story, and this one is Animation too.")
        #expect(result.reasons.last?.text == "A Crime story unlike your usual picks.", "the first that passes, not the later one")
        #expect(result.rejected.map(\.text) == ["Aladdin (1992)"], "the refused sentence is reported, the unused passing one is not")
        #expect(chat.requests.count == 1, "no second call: each item had a sentence that passed")
        guard case .jsonSchema(_, let schema, _)? = chat.requests.first?.responseFormat else {
            Issue.record("no schema asked for")
            return
        }
        let text = String(decoding: try JSONEncoder().encode(schema), as: UTF8.self)
        #expect(text.contains(#""minItems":4"#), "the schema asks for a list of four sentences an id: \(text)")
    }

    @Test("one call covers every requested id when the answer is valid, in ranking order")
    func oneCall() async throws {
        let chat = ScriptedChat([
            #"{"m1": "You loved Toy Story, and this one is Animation too.", "m2": "A Crime story unlike your usual picks."}"#
        ])
        let result = try await writer(chat).reasons(for: request(), ranked: items, count: 2)
        #expect(chat.callCount == 1)
        #expect(result.reasons.map(\.id) == ["m1", "m2"])
        #expect(result.omitted.isEmpty)
        #expect(result.reasons[0].scores.namesHistoryItem)
        #expect(result.reasons[0].scores.namesAttribute)
        #expect(!result.reasons[1].scores.namesHistoryItem)
        #expect(result.reasons[0].scores.itemRelevance > 0)
        let format = chat.requests[0].responseFormat
        guard case .jsonSchema(_, let schema, _)? = format else {
            Issue.record("no JSON schema was sent")
            return
        }
        #expect(schema.objectValue?["required"] == ["m1", "m2"])
        let prompt = chat.requests[0].messages.map(\.content).joined(separator: "\n")
        #expect(prompt.contains("\"m1\"") && !prompt.contains("\"m3\""))
    }

    @Test("a missing or invalid reason is asked for once more, alone, then omitted with its problem")
    func regenerate() async throws {
        let first = #"{"m1": "Animation like Toy Story, which you enjoyed.", "m2": "x", "m9": "not asked"}"#
        let second =
            #"{"m2": "Crime, and far too long: this reason goes on and on and on well past the configured limit of eighty characters."}"#
        let chat = ScriptedChat([first, second])
        let result = try await writer(chat).reasons(for: request(), ranked: items, count: 3)
        #expect(chat.callCount == 2)
        let retryPrompt = chat.requests[1].messages.map(\.content).joined(separator: "\n")
        #expect(retryPrompt.contains("\"m2\"") && retryPrompt.contains("\"m3\"") && !retryPrompt.contains("id \"m1\""))
        #expect(result.reasons.map(\.id) == ["m1"])
        #expect(result.omitted.map(\.id) == ["m2", "m3"])
        #expect(result.omitted[0].problem.hasPrefix("longer than 80"))
        #expect(result.omitted[1].problem == "missing")
        #expect(result.unrequested == 1)
        #expect(result.usage.llmCalls == 2)
    }

    @Test("a reason supplied by the second call is marked regenerated")
    func regeneratedFlag() async throws {
        let chat = ScriptedChat([#"{"m1": "Animation, like Toy Story."}"#, #"{"m2": "A Crime film with sharp humour."}"#])
        let result = try await writer(chat).reasons(for: request(), ranked: items, count: 2)
        #expect(result.reasons.map(\.id) == ["m1", "m2"])
        #expect(result.reasons.map(\.regenerated) == [false, true])
    }

    @Test("reasons never hold the caller past its deadline")
    func deadline() async throws {
        // The model would answer after 300 s; returning well before that shows the deadline cut the call short.
        // The bound leaves room for a busy 2-core machine running the integration tests alongside.
        let chat = ScriptedChat([#"{"m1": "Too late to matter."}"#], delay: 300)
        let started = ContinuousClock.now
        let result = try await writer(chat).reasons(for: request(), ranked: items, count: 1, deadline: .now + .milliseconds(200))
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(result.reasons.isEmpty)
        #expect(result.omitted == [OmittedReason(id: "m1", problem: "deadline reached")])
    }

    @Test("asking for zero reasons makes no call")
    func zero() async throws {
        let chat = ScriptedChat([])
        let result = try await writer(chat).reasons(for: request(), ranked: items, count: 0)
        #expect(chat.callCount == 0 && result.reasons.isEmpty && result.omitted.isEmpty)
    }

    @Test("a reasons batch line accepts items and count, and a bad line names the items field")
    func batchDecoding() throws {
        let job = ReasonsJob(writer: try writer(ScriptedChat([])), decoder: RequestDecoder(), defaultCount: 3)
        let (request, count) = try job.decode(Data(#"{"id":"b1","user":{"history":[]},"items":[{"id":"a","title":"A"}],"count":1}"#.utf8))
            .get()
        #expect(request.candidates.map(\.id) == ["a"] && count == 1)
        guard case .failure(let error) = job.decode(Data(#"{"id":"b2","items":[{"id":"a"}]}"#.utf8)) else {
            Issue.record("an item without a title was accepted")
            return
        }
        #expect(error.message.contains("'items[0].title'") && error.id == "b2")
    }

    @Test("a reasons batch line that is not JSON names the byte where it breaks, and keeps its id")
    func batchJSONPosition() throws {
        let job = ReasonsJob(writer: try writer(ScriptedChat([])), decoder: RequestDecoder(), defaultCount: 3)
        guard case .failure(let error) = job.decode(Data(#"{"id":"b3","items":[}"#.utf8)) else {
            Issue.record("broken JSON was accepted")
            return
        }
        #expect(error.code == .invalidJSON && error.message.contains("at byte 20") && error.id == "b3")
    }
}
