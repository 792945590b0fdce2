import Foundation
import Testing

/// Inputs as catalogues and Windows exports have them, through the real serve against the local model.
@Suite("Catalogue inputs through serve", .enabled(if: LocalServer.isAvailable), .serialized)
struct CatalogInputTests {
    @Test("a first line starting with a UTF-8 byte-order mark is answered, and an integer id comes back as an integer")
    func byteOrderMarkAndIntegerID() async throws {
        let first = "\u{FEFF}" + ServeProcess.requestLine(id: "bom")
        let integer = ServeProcess.requestLine(id: "x").replacingOccurrences(of: #"{"id":"x""#, with: #"{"id":7"#)
        let run = try await ServeProcess.run(lines: [first, integer], baseURL: try LocalServer.requireBaseURL())
        #expect(run.status == 0, "\(run.stderr)")
        try #require(run.answers.count == 2, "\(run.stderr)")
        #expect(run.answers[0]["id"] as? String == "bom")
        #expect(run.answers[0]["error"] == nil)
        #expect((run.answers[0]["ranking"] as? [[String: Any]])?.count == 4)
        #expect(run.answers[1]["id"] as? Int == 7)
        #expect(run.answers[1]["id"] as? String == nil)
    }
}
