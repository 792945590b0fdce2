import Foundation
import RerankCore
import Testing

@testable import RerankEval

/// Files saved on Windows end their lines with CRLF, which Swift reads as one character: every eval reader must
/// read such a file exactly as its LF twin.
@Suite("Eval inputs with Windows line endings")
struct LineEndingTests {
    /// The same lines ended by LF, by CRLF, and by CRLF after a byte-order mark, as files on disk.
    func twins(_ lines: [String], name: String) throws -> [String] {
        let texts = [
            lines.joined(separator: "\n") + "\n", lines.joined(separator: "\r\n") + "\r\n", "\u{FEFF}" + lines.joined(separator: "\r\n"),
        ]
        return try texts.enumerated().map { index, text in
            let path = Fixtures.temporaryPath("\(index)-\(name)")
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    @Test("a CRLF candidate file builds the same lists as its LF twin, in both formats")
    func candidateFile() throws {
        let lists = ["# upstream ranker", "u1\ti31:0.9 i32:0.5", "u2\ti40:2 i41:1", "", "u3\ti50:1 i51:0.5 i52:0.25"]
        let run = ["u1 Q0 i31 1 0.9 bm25", "u1 Q0 i32 2 0.5 bm25", "u2 Q0 i40 1 2 bm25", "u3 Q0 i50 1 1 bm25"]
        for (lines, format) in [(lists, CandidateFile.Format.lists), (run, .trecRun)] {
            let files = try twins(lines, name: "candidates.txt").map(CandidateFile.read)
            for file in files {
                #expect(file.format == format)
                #expect(file.candidates.count == 3)
                #expect(file.candidates == files[0].candidates && file.scores == files[0].scores)
            }
            #expect(files[0].candidates["u1"] == ["i31", "i32"])
        }
    }

    @Test("a CRLF labelled-list file reads as the same lists as its LF twin")
    func labelledLists() throws {
        let lists = try Fixtures.lists()
        let read = try twins(lists.map(\.jsonLine), name: "lists.jsonl").map { try LabelledListReader().read(path: $0) }
        for parsed in read { #expect(parsed == read[0]) }
        #expect(read[0].map(\.request.id) == lists.map(\.request.id))
    }

    @Test("CRLF qrels and run files parse as their LF twins")
    func trecFiles() throws {
        let qrels = try twins(["q1 0 d1 2", "q1 0 d2 0", "# judged twice below is another query", "q2 0 d1 1"], name: "qrels.txt").map {
            try Qrels.read(path: $0)
        }
        for parsed in qrels { #expect(parsed == qrels[0]) }
        #expect(qrels[0].labels == ["q1": ["d1": 2, "d2": 0], "q2": ["d1": 1]])
        let runs = try twins(["q1 Q0 d1 1 2.5 mine", "q1 Q0 d2 2 1.5 mine", "q2 Q0 d1 1 1 mine"], name: "run.txt").map {
            try TrecRun.read(path: $0)
        }
        for parsed in runs { #expect(parsed == runs[0]) }
        #expect(runs[0].rankings["q1"]?.map(\.id) == ["d1", "d2"])
    }

    @Test("a CRLF RecBole file has the same fields and rows as its LF twin")
    func atomicFile() throws {
        let lines = ["user_id:token\titem_id:token\ttimestamp:float", "1\t10\t5", "", "2\t11\t6"]
        let files = try twins(lines, name: "x.inter").map { try AtomicFile.read(path: $0) }
        for file in files { #expect(file.fields == files[0].fields && file.rows == files[0].rows) }
        #expect(files[0].rows == [["1", "10", "5"], ["2", "11", "6"]])
    }
}
