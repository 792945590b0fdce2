import Foundation
import Testing

@testable import RerankCore

@Suite("The request id is echoed as given")
struct IDEchoTests {
    func decoded(_ line: String) throws -> RerankRequest {
        try RequestDecoder().decode(line: Data(line.utf8)).get()
    }

    @Test("an integer id comes back as a JSON integer and a string id as a string, even one made of digits")
    func integerStaysInteger() throws {
        let integer = try decoded(#"{"id":42,"user":{"history":[]},"candidates":[{"id":"a","title":"A"}]}"#)
        #expect(integer.idIsInteger)
        var answer = RerankResponse(
            id: integer.id, ranking: [], degraded: false, diagnostics: RerankDiagnostics(strategy: "listwise", prompt: "sequential"))
        answer.idIsInteger = integer.idIsInteger
        #expect(answer.outputJSON.serialized.hasPrefix(#"{"id":42,"#))
        let text = try decoded(#"{"id":"42","user":{"history":[]},"candidates":[{"id":"a","title":"A"}]}"#)
        #expect(!text.idIsInteger)
        answer.idIsInteger = text.idIsInteger
        #expect(answer.outputJSON.serialized.hasPrefix(#"{"id":"42","#))
    }
}
