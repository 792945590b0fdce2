import Foundation
import JSONLines
import LLMClient
import RerankCore

/// A key the endpoint side must never let through, whole or in part.
let fuzzKey = "sk-fuzz-0123456789abcdefghijklmnopqrstuvwxyz"

/// The same bytes as the endpoint's answer: the response decoder, the usage sums, the server's wait and the
/// redacted excerpt. A trap, a negative or unbounded count, an unbounded wait or a key fragment is a finding.
@inline(never)
func exerciseEndpointSide(_ data: Data) {
    // The fuzzer's bytes with the key spliced in where the first byte says, so excerpts are cut across it.
    let at = min(data.count, Int(data.first ?? 0))
    var body = Data(data.prefix(at))
    body.append(Data(fuzzKey.utf8))
    body.append(data.dropFirst(at))
    if let response = try? JSONDecoder().decode(ChatCompletionResponse.self, from: data) {
        let completion = ChatCompletion(response: response, latencySeconds: 0, retries: 0)
        let usage = completion.usage
        precondition((0...ChatCompletion.maxReportedTokens).contains(usage.promptTokens), "prompt tokens out of bounds")
        precondition((0...ChatCompletion.maxReportedTokens).contains(usage.completionTokens), "completion tokens out of bounds")
        var total = TokenUsage()
        for _ in 0..<64 { total += TokenUsage(llmCalls: 1, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens) }
        precondition(total.promptTokens >= 0 && total.totalTokens >= total.promptTokens, "usage sums went negative")
        let parser = PermutationParser(candidateCount: 5, titles: (0..<5).map { "Title \($0)" })
        let (order, _) = PermutationRepair.repair(parser.parse(completion.text), fallbackOrder: [4, 3, 2, 1, 0])
        precondition(order.sorted() == [0, 1, 2, 3, 4], "the repaired answer is not a permutation")
    }
    // Every string of a decoded answer, logprob tokens and their alternatives included, is redacted before use.
    if let response = try? JSONDecoder().decode(ChatCompletionResponse.self, from: body) {
        let clean = ChatClient.redactingText(response, Redactor(secrets: [fuzzKey]))
        let strings =
            clean.choices.flatMap { choice -> [String] in
                let tokens = (choice.logprobs?.content ?? []).flatMap { [$0.token] + ($0.topLogprobs ?? []).map(\.token) }
                return [choice.message.content, choice.message.reasoningContent, choice.finishReason].compactMap { $0 } + tokens
            } + [clean.id, clean.model].compactMap { $0 }
        let key = Array(fuzzKey.utf8)
        let input = Array(data)
        for text in strings {
            let bytes = Array(text.utf8)
            for start in 0...(key.count - 8) {
                let piece = Array(key[start..<start + 8])
                precondition(!contains(bytes, piece) || contains(input, piece), "a key fragment survived in a response string")
            }
        }
    }
    let text = String(decoding: data.prefix(256), as: UTF8.self)
    let advice = RetryPolicy.serverAdvice(headers: ["retry-after": text, "retry-after-ms": String(text.reversed())])
    let wait = RetryPolicy(retryAfterCap: .greatestFiniteMagnitude).delay(
        beforeRetry: Int(data.last ?? 0), serverAdvice: advice, randomUnit: 0.5)
    precondition(Int.clamped(wait * 1e9, to: 0...86_400_000_000_000) >= 0, "a wait became negative")
    let redactor = Redactor(secrets: [fuzzKey])
    let excerpt = Array(redactor.excerpt(String(decoding: body, as: UTF8.self), maxCharacters: Int(data.last ?? 200)).utf8)
    // Byte search: a fragment is in the output if its bytes are, whatever characters surround them. A piece the
    // fuzzer wrote itself (not the spliced key) may stay: only the whole key is known to be secret.
    let key = Array(fuzzKey.utf8)
    let input = Array(data)
    for start in 0...(key.count - 8) {
        let piece = Array(key[start..<start + 8])
        precondition(!contains(excerpt, piece) || contains(input, piece), "a key fragment survived redaction")
    }
}

/// The same bytes as a file or a line of the other inputs: a config file's YAML, the lines of a file with any
/// line endings, a `score` line, a model's answer of creatives. A trap, unbounded work or a broken invariant is a
/// finding.
@inline(never)
func exerciseFileSurfaces(_ data: Data) {
    let text = String(decoding: data, as: UTF8.self)
    // Any YAML: an error or a configuration, never a trap or an unbounded expansion.
    _ = try? ConfigurationLoader(environment: [:]).load(yaml: text, path: "fuzz")
    // Whole and streamed, LF and CRLF: the same lines.
    var splitter = LineSplitter(maxLineBytes: .max)
    var streamed = splitter.feed(data)
    if let last = splitter.finish() { streamed.append(last) }
    precondition(LineSplitter.lines(of: data).map { InputLine.line(Data($0)) } == streamed, "whole and streamed lines differ")
    precondition(LineSplitter.lines(of: text).allSatisfy { !$0.utf8.contains(UInt8(ascii: "\n")) }, "a line holds a line feed")
    // A score line is refused past its element limit before anything is compared.
    if case .success(let request) = ScoreRequest.decode(data) {
        precondition(request.elements.count <= ScoreRequest.maxElements, "a score line past the element limit was accepted")
    }
    // Creatives read from an answer: each on one line, whatever breaks the answer put in them.
    for creative in CreativeWriter.parse(text) {
        precondition(!(creative.headline + creative.description).contains(where: \.isNewline), "a creative spans lines")
    }
}

/// Whether `bytes` holds `piece` somewhere.
func contains(_ bytes: [UInt8], _ piece: [UInt8]) -> Bool {
    guard bytes.count >= piece.count else { return false }
    return (0...(bytes.count - piece.count)).contains { bytes[$0..<$0 + piece.count].elementsEqual(piece) }
}

/// One input through the endpoint side, the request decoder and the answer parser; a crash or a broken
/// invariant is a finding.
@inline(never)
func exercise(_ data: Data) {
    exerciseEndpointSide(data)
    exerciseFileSurfaces(data)
    let decoder = RequestDecoder(limits: RequestLimits(maxLineBytes: 65_536, maxCandidates: 50))
    if case .success(let request) = decoder.decode(line: data) {
        precondition(!request.candidates.isEmpty && request.candidates.count <= 50, "the decoder let an invalid candidate list through")
        precondition(
            Set(request.candidates.map { ExactText($0.id) }).count == request.candidates.count, "the decoder let duplicate ids through")
    }
    let text = String(decoding: data, as: UTF8.self)
    let count = 1 + Int(data.first ?? 4) % 40
    let parser = PermutationParser(candidateCount: count, titles: (0..<count).map { "Title \($0)" })
    let fallback = Array((0..<count).reversed())
    let (order, _) = PermutationRepair.repair(parser.parse(text), fallbackOrder: fallback)
    precondition(order.sorted() == Array(0..<count), "the repaired answer is not a permutation")
}

#if FUZZING
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// The package manager links an executable's entry point under this name; here it hands over to libFuzzer.
    @_cdecl("rerank_fuzz_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments) { bytes, length in
            exercise(bytes.map { Data(bytes: $0, count: length) } ?? Data())
            return 0
        }
    }
#else
    /// Without libFuzzer: replays the files (or folders of files) given, so a saved corpus is a regression test.
    @main
    struct CorpusReplay {
        static func main() {
            var replayed = 0
            for path in CommandLine.arguments.dropFirst() {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                    FileHandle.standardError.write(Data("rerank-fuzz: no such file \(path)\n".utf8))
                    exit(2)
                }
                let files =
                    isDirectory.boolValue
                    ? (try? FileManager.default.contentsOfDirectory(atPath: path))?.map { (path as NSString).appendingPathComponent($0) }
                        ?? []
                    : [path]
                for file in files.sorted() {
                    if let data = FileManager.default.contents(atPath: file) {
                        exercise(data)
                        replayed += 1
                    }
                }
            }
            print("replayed \(replayed) inputs")
        }
    }
#endif
