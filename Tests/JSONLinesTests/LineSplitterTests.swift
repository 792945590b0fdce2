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
}
