import Foundation
import LLMClient
import Testing

@testable import RerankCore

/// Input built to break identity, ids, file handling, cost and accounting. RERANK_TEST_LONG=1 runs many more
/// generated cases.
@Suite("Hostile input lines and files")
struct HostileInputTests {
    static let generated = ProcessInfo.processInfo.environment["RERANK_TEST_LONG"] == "1" ? 200_000 : 4000

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rerank-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    // MARK: the error answer's id

    @Test(
        "a broken line's id is its top-level id exactly, or null",
        arguments: [
            (#"{"user":{"id":"u1"},"id":"r1","candidates":[ {"#, "r1"),
            (#"{"user":{"id":"u1"},"candidates":[ {"#, nil),
            (#"{"id":1e400,"candidates":[ {"#, nil),
            (#"{"id":"ab\"cd","candidates":["#, #"ab"cd"#),
            (#"{"id":"\u00e9t\u00e9", "x": ["#, "été"),
            (#"{"id": 42 , "candidates": {"#, "42"),
            (#"{"id": 4"#, nil),
            (#"{"id":"unterminated"#, nil),
            (#"{"a":"\"id\":\"fake\"","id":"real","b":"#, "real"),
            (#"{"a":["id","fake"],"id":"real","b":"#, "real"),
            (#"[{"id":"inarray"}"#, nil),
            (#"{"a":{"id":"nested"}} trailing"#, nil),
            (#"{"id":"x" "candidates":[]}"#, "x"),
            (#"{"id":true,"c":"#, nil),
            (#"{"id":"","c":"#, nil),
            // Readers disagree on a repeated id or on 01, so such a line names none.
            (#"{"id":"a","id":"b","candidates":[ {"#, nil),
            (#"{"id":"a","x":1,"\u0069d":"b"}"#, nil),
            (#"{"id":"a","candidates":[],"id":"#, nil),
            (#"{"id":01,"candidates":[]}"#, nil),
            (#"{"id":"a","user":{"id":"u","id":"v"},"candidates":[]}"#, "a"),
        ] as [(String, String?)])
    func brokenLineID(line: String, expected: String?) {
        #expect(RequestDecoder.probeID(in: Data(line.utf8)) == expected)
        if case .failure(let error) = RequestDecoder().decode(line: Data(line.utf8)) {
            #expect(error.id == expected)
        }
    }

    @Test("generated lines: the id read from any cut of a line is nil or the line's own top-level id")
    func generatedIDs() {
        var random = SplitMix64(seed: 14)
        let pieces = [
            "\"", "\\\"", "\\\\", "\\u0041", "é", "e\u{301}", "id", "\"id\"", ":", ",", "{", "}", "[", "]", " ", "1e400", "-0", "7", "null",
            "\n",
        ]
        func text() -> String {
            (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
        }
        func jsonString(_ value: String) -> String {
            String(decoding: (try? JSONSerialization.data(withJSONObject: [value], options: [.fragmentsAllowed])) ?? Data(), as: UTF8.self)
                .dropFirst().dropLast().description
        }
        var wrong = 0
        var read = 0
        for _ in 0..<Self.generated {
            let id = Bool.random(using: &random) ? "r" + text() : String(Int.random(in: -99_999...99_999, using: &random))
            let idJSON = id.hasPrefix("r") ? jsonString(id) : id
            let decoy = #""user":{"id":\#(jsonString("u" + text()))},"note":\#(jsonString(text()))"#
            let members = Bool.random(using: &random) ? [decoy, #""id":\#(idJSON)"#] : [#""id":\#(idJSON)"#, decoy]
            let line = "{" + members.joined(separator: ",") + #","candidates":[{"id":"c","title":"t"}]}"#
            let bytes = Array(line.utf8)
            let idMember = Array(#""id":\#(idJSON)"#.utf8)
            let idEnd =
                (0...(bytes.count - idMember.count)).first { Array(bytes[$0..<$0 + idMember.count]) == idMember }.map {
                    $0 + idMember.count
                } ?? 0
            let cut = Int.random(in: 0...bytes.count, using: &random)
            var broken = Array(bytes[0..<cut])
            // Junk after the cut, once the id is whole: before that, junk would write another id, not hide one.
            if cut > idEnd, Bool.random(using: &random) { broken += Array(pieces.randomElement(using: &random)?.utf8 ?? "x".utf8) }
            if let found = RequestDecoder.probeID(in: Data(broken)) {
                read += 1
                if found.utf8.elementsEqual(id.utf8) == false {
                    wrong += 1
                    if wrong < 4 {
                        Issue.record(
                            "read \(found.debugDescription) for \(id.debugDescription) from \(String(decoding: broken, as: UTF8.self).debugDescription)"
                        )
                    }
                }
            }
        }
        #expect(wrong == 0, "\(wrong) wrong ids of \(read) read")
        #expect(read > Self.generated / 10)
    }

    // MARK: identity is exact bytes

    @Test("ids that differ only in Unicode normalisation are two candidates and two batch records")
    func normalisation() throws {
        let nfc = "caf\u{E9}", nfd = "cafe\u{301}"
        #expect(nfc == nfd)  // Swift's String equality, which identity must not use
        let line = #"{"id":"r","candidates":[{"id":"\#(nfc)","title":"A"},{"id":"\#(nfd)","title":"B"}]}"#
        guard case .success(let request) = RequestDecoder().decode(line: Data(line.utf8)) else {
            Issue.record("NFC and NFD ids were called duplicates")
            return
        }
        #expect(request.candidates.count == 2)
        #expect(BatchRecordKey.id(nfc) != BatchRecordKey.id(nfd))
        #expect(Set([BatchRecordKey.id(nfc), .id(nfd), .id(nfc)]).count == 2)
        let same = #"{"id":"r","candidates":[{"id":"\#(nfc)","title":"A"},{"id":"\#(nfc)","title":"B"}]}"#
        guard case .failure(let error) = RequestDecoder().decode(line: Data(same.utf8)) else {
            Issue.record("byte-identical ids were accepted")
            return
        }
        #expect(error.code == .duplicateCandidate)
    }

    // MARK: cost and accounting

    @Test("a request that could need more calls than serve.max_calls_per_request is refused, naming the key")
    func costBound() {
        var defaults = RerankOptions(strategy: .listwise)
        defaults.votes = 1000
        let line = #"{"id":"r","candidates":[{"id":"a","title":"A"},{"id":"b","title":"B"}]}"#
        guard case .failure(let error) = RequestDecoder(defaults: defaults).decode(line: Data(line.utf8)) else {
            Issue.record("1000 votes were accepted")
            return
        }
        #expect(error.code == .tooCostly && error.id == "r")
        #expect(error.message.contains("serve.max_calls_per_request") && error.message.contains("1000"))
        #expect(RequestCost.maxCalls(candidates: 2, options: RerankOptions(strategy: .listwise)) == 1)
        // The default, pointwise, asks each candidate once and may ask it again for a rating.
        #expect(RequestCost.maxCalls(candidates: 2, options: RerankOptions()) == 4)
        var pairwise = RerankOptions()
        pairwise.strategy = .pairwise
        #expect(RequestCost.maxCalls(candidates: 200, options: pairwise) > RequestLimits().maxCallsPerRequest)
        let small =
            #"{"id":"r","candidates":[{"id":"a","title":"A"},{"id":"b","title":"B"}],"options":{"strategy":"listwise","votes":32,"reask":true}}"#
        #expect((try? RequestDecoder().decode(line: Data(small.utf8)).get()) != nil)
    }

    @Test("usage of Int64.max from every call of a request is summed without a trap")
    func usageAccounting() throws {
        let body =
            #"{"choices":[{"message":{"content":"[1]"}}],"usage":{"prompt_tokens":9223372036854775807,"completion_tokens":9223372036854775807,"prompt_tokens_details":{"cached_tokens":9223372036854775807}}}"#
        let completion = ChatCompletion(
            response: try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(body.utf8)), latencySeconds: 0, retries: 0)
        var diagnostics = RerankDiagnostics(strategy: "listwise", prompt: "sequential")
        CallOutcome.record(Array(repeating: CallOutcome(completion: completion, error: nil, explained: nil), count: 40), into: &diagnostics)
        #expect(diagnostics.promptTokens == 40 * ChatCompletion.maxReportedTokens)
        let usage = (0..<40).reduce(TokenUsage()) { total, _ in total + TokenUsage(llmCalls: 1, promptTokens: .max, completionTokens: .max)
        }
        #expect(usage.promptTokens == .max && usage.totalTokens == .max)
    }

    // MARK: every configuration key a message names exists

    @Test("every configuration key named in the sources, the default config, the README and docs/ exists")
    func namedKeysExist() throws {
        let known = Set(ConfigurationKey.all.map(\.name))
        let root = PackagePaths.root
        var texts: [(String, String)] = []
        let sources = root.appendingPathComponent("Sources")
        for case let path as String in FileManager.default.enumerator(atPath: sources.path) ?? NSEnumerator() where path.hasSuffix(".swift")
        {
            texts.append((path, try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)))
        }
        // The manual lives in docs/, so every page of it is read too.
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? []
        let pages = docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        for file in ["README.md", "Prompts/README.md", "Config/default.yaml"] + pages {
            texts.append((file, (try? String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)) ?? ""))
        }
        let pattern = try NSRegularExpression(
            pattern: #"(?<![\w./-])(endpoint|serve|rerank|prompts|reward|creatives)\.([a-z][a-z0-9_]*)(?![\w(])"#)
        var unknown: [String] = []
        var named = 0
        for (file, text) in texts {
            let range = NSRange(text.startIndex..., in: text)
            for match in pattern.matches(in: text, range: range) {
                guard let whole = Range(match.range, in: text) else { continue }
                let key = String(text[whole])
                // Swift member access (serve.concurrency on a Configuration value) reads camelCase; keys are snake_case.
                guard key.contains("_") || known.contains(key) || !key.split(separator: ".")[1].contains(where: \.isUppercase) else {
                    continue
                }
                named += 1
                if !known.contains(key) && key.contains("_") { unknown.append("\(file): \(key)") }
            }
        }
        #expect(unknown.isEmpty, "\(unknown)")
        #expect(named > 30)
    }

    /// A whole number past `Int`'s range once trapped the conversion after the range check had let it through.
    @Test("numbers far past Int's range are refused or ignored, never converted", arguments: ["1e300", "9.3e18", "1.8e19"])
    func numbersPastIntRange(_ number: String) {
        let decoder = RequestDecoder(limits: RequestLimits(maxLineBytes: 10_000, maxCandidates: 5))
        let line = #"{"id":"a","candidates":[{"id":"x","title":"A"},{"id":"y","title":"B"}],"options":{"step":"# + number + "}}"
        guard case .failure(let failure) = decoder.decode(line: Data(line.utf8)) else {
            Issue.record("a step of \(number) was accepted")
            return
        }
        #expect(failure.code == .invalidField)
        #expect(failure.message.contains("options.step"))
        let record = #"{"id":null,"line":"# + number + "}"
        #expect(BatchRecordKey.ofOutput(Data(record.utf8)) == nil)
    }
}
