import Foundation
import RerankCore

/// One input through the request decoder and the answer parser; a crash or a broken invariant is a finding.
@inline(never)
func exercise(_ data: Data) {
    let decoder = RequestDecoder(limits: RequestLimits(maxLineBytes: 65_536, maxCandidates: 50))
    if case .success(let request) = decoder.decode(line: data) {
        precondition(!request.candidates.isEmpty && request.candidates.count <= 50, "the decoder let an invalid candidate list through")
        precondition(Set(request.candidates.map(\.id)).count == request.candidates.count, "the decoder let duplicate ids through")
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
            let files = isDirectory.boolValue
                ? (try? FileManager.default.contentsOfDirectory(atPath: path))?.map { (path as NSString).appendingPathComponent($0) } ?? []
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
