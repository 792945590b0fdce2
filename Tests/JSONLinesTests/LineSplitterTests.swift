import Foundation
import Testing

@testable import JSONLines

@Suite("Splitting input into lines")
struct LineSplitterTests {
    @Test("lines across chunk boundaries, CRLF, and a last line without newline")
    func chunks() {
        var splitter = LineSplitter(maxLineBytes: 100)
        var lines = splitter.feed(Array("ab\r\ncd".utf8))
        lines += splitter.feed(Array("ef\ngh".utf8))
        if let last = splitter.finish() { lines.append(last) }
        #expect(lines == [.line(Data("ab".utf8)), .line(Data("cdef".utf8)), .line(Data("gh".utf8))])
    }

    @Test("an over-long line becomes one tooLong entry and the next line is intact")
    func tooLong() {
        var splitter = LineSplitter(maxLineBytes: 5)
        let lines = splitter.feed(Array("0123456789\nok\n".utf8))
        #expect(lines.count == 2)
        guard case .tooLong(_, let length) = lines[0] else { Issue.record("not tooLong"); return }
        #expect(length == 10)
        #expect(lines[1] == .line(Data("ok".utf8)))
    }

    @Test("a UTF-8 byte-order mark at the start of the stream is dropped, even split across reads; later ones are data")
    func byteOrderMark() {
        var splitter = LineSplitter(maxLineBytes: 100)
        var lines = splitter.feed([0xEF, 0xBB])
        lines += splitter.feed([0xBF] + Array("{\"id\":1}\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("x\n".utf8))
        #expect(lines == [.line(Data("{\"id\":1}".utf8)), .line(Data([0xEF, 0xBB, 0xBF] + Array("x".utf8)))])
        var plain = LineSplitter(maxLineBytes: 100)
        #expect(plain.feed(Array("ab\n".utf8)) == [.line(Data("ab".utf8))])
    }

    @Test("text held whole is cut at LF and CRLF alike, though Swift reads CRLF as one character")
    func wholeText() {
        let text = "\u{FEFF}a b\r\n\r\nc\u{301}\nd\re\r\nlast\r"
        #expect(text.split(separator: "\n").count == 2)  // why a string's own split is not used: it never cuts "\r\n"
        #expect(LineSplitter.lines(of: text) == ["a b", "", "c\u{301}", "d\re", "last"])
        #expect(LineSplitter.lines(of: text[...]) == ["a b", "", "c\u{301}", "d\re", "last"])
        #expect(LineSplitter.lines(of: Data(text.utf8)) == ["a b", "", "c\u{301}", "d\re", "last"].map { Data($0.utf8) })
        #expect(LineSplitter.lines(of: "x\n") == ["x"] && LineSplitter.lines(of: "\n") == [""] && LineSplitter.lines(of: "").isEmpty)
    }

    @Test("text held whole and the same bytes streamed give the same lines", arguments: 0..<40)
    func wholeAgreesWithStream(seed: Int) {
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        let alphabet: [UInt8] = Array("ab \t\r\n{}\"".utf8) + [0xEF, 0xBB, 0xBF, 0xC3, 0xA9]
        var bytes: [UInt8] = seed.isMultiple(of: 3) ? [0xEF, 0xBB, 0xBF] : []
        for _ in 0..<Int(state % 60) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            bytes.append(alphabet[Int(state >> 33) % alphabet.count])
        }
        var splitter = LineSplitter(maxLineBytes: .max)
        var streamed = splitter.feed(bytes)
        if let last = splitter.finish() { streamed.append(last) }
        #expect(LineSplitter.lines(of: Data(bytes)).map { InputLine.line(Data($0)) } == streamed)
    }
}
