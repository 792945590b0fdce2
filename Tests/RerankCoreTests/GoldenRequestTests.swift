import Foundation
import LLMClient
import RerankRuntime
import Testing

@testable import RerankCore

/// What the service sends, byte for byte: each case's request line goes through `RequestDecoder` and
/// `RerankService` (or `AdRequestDecoder` and `CreativeWriter`) to a `ChatClient` over a recording transport,
/// and every request body it sends is compared with the case's file in `Golden/`.
///
/// To record the files again, run `RERANK_GOLDEN_RECORD=1 swift test --filter GoldenRequest`: the files are
/// written instead of compared, and every case then fails saying so, so that record mode never passes silently.
/// Rerun without the variable to check them.
@Suite("Golden request bodies")
struct GoldenRequestTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let recording = ProcessInfo.processInfo.environment["RERANK_GOLDEN_RECORD"] == "1"
    static let model = "golden-model"

    @Test("every request body sent matches its golden file", arguments: GoldenCase.all)
    func matches(_ golden: GoldenCase) async throws {
        let transport = RecordingTransport(
            answer: RecordingTransport.completion(content: golden.content, alternatives: golden.alternatives))
        let endpoint = EndpointConfiguration(baseURL: "http://golden.invalid/v1", model: Self.model)
        let client = ChatClient(endpoint: endpoint, transport: transport)
        switch golden.kind {
        case .rerank:
            let request = try RequestDecoder().decode(line: Data(golden.line.utf8)).get()
            let service = RerankService(client: client, prompts: try PromptLibrary(directory: PackagePaths.prompts), model: Self.model)
            let response = await service.rerank(request)
            #expect(!response.degraded, "the case should take its strategy's own path, not the upstream fallback")
        case .creatives:
            let ad = try AdRequestDecoder().decode(line: Data(golden.line.utf8)).get()
            let writer = CreativeWriter(
                client: client, prompt: try CreativePrompt(promptsDirectory: PackagePaths.prompts), model: Self.model)
            let written = await writer.write(ad)
            #expect((try? written.get()) != nil, "the creative writer should succeed on the recorded answer")
        }
        var calls = transport.calls
        #expect(!calls.isEmpty, "the case sent no request")
        if golden.concurrent {
            calls.sort { $0.body.lexicographicallyPrecedes($1.body) }
        }
        let text = Self.file(calls, concurrent: golden.concurrent)
        let url = Self.directory.appendingPathComponent(golden.name + ".txt")
        if Self.recording {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try text.write(to: url)
            Issue.record("recorded \(calls.count) call(s) into \(url.lastPathComponent); unset RERANK_GOLDEN_RECORD and rerun to check")
            return
        }
        let expected = try Data(contentsOf: url)
        if expected != text {
            Issue.record("\(golden.name): \(Self.firstDifference(expected: expected, actual: text))")
        }
    }

    static let delimiterPrefix = "--- call "

    /// The golden file: a header line, then for each call a delimiter line naming it and its body's bytes on one line.
    static func file(_ calls: [RecordingTransport.Call], concurrent: Bool) -> Data {
        var text = Data(
            (concurrent ? "# calls sorted by body: this strategy sends them concurrently\n" : "# calls in the order sent\n").utf8)
        for (index, call) in calls.enumerated() {
            text.append(Data("\(delimiterPrefix)\(index + 1) \(call.method) \(call.url) ---\n".utf8))
            text.append(call.body)
            text.append(Data("\n".utf8))
        }
        return text
    }

    /// Names the first call whose delimiter or body differs, and the byte offset in that body where they part.
    static func firstDifference(expected: Data, actual: Data) -> String {
        let want = sections(expected)
        let got = sections(actual)
        for index in 0..<max(want.count, got.count) {
            guard index < want.count else {
                return "call \(index) was sent but is not in the golden file (\(got.count) sent, \(want.count) recorded)"
            }
            guard index < got.count else {
                return "call \(index) is in the golden file but was not sent (\(got.count) sent, \(want.count) recorded)"
            }
            if want[index].head != got[index].head {
                return "call \(index): expected \"\(want[index].head)\", got \"\(got[index].head)\""
            }
            let (a, b) = (Array(want[index].body), Array(got[index].body))
            guard a != b else { continue }
            let offset = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            return "\(got[index].head) bodies differ at byte \(offset) (expected \(a.count) bytes, got \(b.count))\n"
                + "  expected: …\(excerpt(a, at: offset))…\n  got:      …\(excerpt(b, at: offset))…"
        }
        return "the files differ outside the calls"
    }

    /// The file's parts: the header as call 0, then each call's delimiter line and body.
    static func sections(_ data: Data) -> [(head: String, body: Data)] {
        var result: [(head: String, body: Data)] = []
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var index = 0
        while index < lines.count {
            let head = String(decoding: lines[index], as: UTF8.self)
            var body = Data()
            if head.hasPrefix(delimiterPrefix), index + 1 < lines.count {
                body = Data(lines[index + 1])
                index += 1
            }
            if !(head.isEmpty && body.isEmpty && index == lines.count - 1) { result.append((head, body)) }
            index += 1
        }
        return result
    }

    static func excerpt(_ bytes: [UInt8], at offset: Int) -> String {
        let start = max(0, offset - 40)
        let end = min(bytes.count, offset + 40)
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
