import Foundation
import Testing

@testable import RerankCore

@Suite("Decoding request lines")
struct RequestDecoderTests {
    let decoder = RequestDecoder(limits: RequestLimits(maxLineBytes: 10_000, maxCandidates: 5, maxHistory: 2, maxTitleCharacters: 20))

    func decode(_ line: String) -> Result<RerankRequest, RequestError> {
        decoder.decode(line: Data(line.utf8))
    }

    func error(_ line: String) -> RequestError? {
        if case .failure(let error) = decode(line) { return error }
        return nil
    }

    @Test("a complete request")
    func complete() throws {
        let request = try decode(
            #"{"id":"r1","user":{"id":"u7","history":[{"id":"m1","title":"Toy Story (1995)","attributes":{"genre":"Animation","year":1995}}]},"candidates":[{"id":"m50","title":"Star Wars (1977)","score":0.93},{"id":100,"title":"Fargo (1996)","score":0.88}],"options":{"prompt":"recency","votes":3,"seed":7}}"#
        ).get()
        #expect(request.id == "r1")
        #expect(request.user.history.first?.attributes == [.init(name: "genre", value: "Animation"), .init(name: "year", value: "1995")])
        #expect(request.candidates.map(\.id) == ["m50", "100"])
        #expect(request.options.prompt == .recency)
        #expect(request.options.votes == 3)
        #expect(request.options.seed == 7)
    }

    @Test("attributes keep the request's order, and the cut to serve.max_attributes keeps the first ones")
    func attributeOrder() throws {
        let decoder = RequestDecoder(
            limits: RequestLimits(maxLineBytes: 10_000, maxCandidates: 5, maxAttributeCharacters: 80, maxAttributes: 3))
        let line = #"{"id":"a","candidates":[{"id":"x","title":"A","attributes":{"zeta":"1","alpha":"2","mid":"3","beta":"4"}}]}"#
        let request = try decoder.decode(line: Data(line.utf8)).get()
        #expect(request.candidates[0].attributes.map(\.name) == ["zeta", "alpha", "mid"])
        #expect(request.inputCuts.attributesDropped == 1)
    }

    @Test("invalid JSON keeps the id when it can be read")
    func invalidJSON() {
        let failure = error(#"{"id": "r9", "candidates": [ oops"#)
        #expect(failure?.code == .invalidJSON)
        #expect(failure?.id == "r9")
    }

    @Test(
        "each faulty field is named",
        arguments: [
            (#"{"id":"a","candidates":[]}"#, RequestError.Code.invalidField, "candidates"),
            (#"{"id":"a","candidates":[{"id":"x","title":"A"},{"id":"x","title":"B"}]}"#, .duplicateCandidate, "'x'"),
            (#"{"id":"a","candidates":[{"id":"x"}]}"#, .missingField, "candidates[0].title"),
            (#"{"id":"a","candidates":[{"title":"A"}]}"#, .missingField, "candidates[0].id"),
            (#"{"candidates":[{"id":"x","title":"A"}]}"#, .missingField, "'id'"),
            (#"{"id":"a","candidates":[{"id":"x","title":"A","score":"high"}]}"#, .invalidField, "score"),
            (#"{"id":"a","candidates":[{"id":"x","title":"A"}],"options":{"votez":3}}"#, .unknownField, "votez"),
            (#"{"id":"a","candidates":[{"id":"x","title":"A"}],"options":{"prompt":"fancy"}}"#, .invalidField, "options.prompt"),
            (#"{"id":"a","candidates":[{"id":"x","title":"A"}],"candidate":[]}"#, .unknownField, "candidate"),
            (
                #"{"id":"a","candidates":[{"id":"1","title":"A"},{"id":"2","title":"A"},{"id":"3","title":"A"},{"id":"4","title":"A"},{"id":"5","title":"A"},{"id":"6","title":"A"}]}"#,
                .tooManyCandidates, "6 candidates"
            ),
            (#"[1,2,3]"#, .invalidJSON, "JSON object"),
        ])
    func faults(line: String, code: RequestError.Code, mention: String) {
        let failure = error(line)
        #expect(failure?.code == code)
        #expect(failure?.message.contains(mention) == true, "\(failure?.message ?? "no error")")
    }

    @Test("a long history keeps its most recent items and reports the drop")
    func historyTruncation() throws {
        let request = try decode(
            #"{"id":"a","user":{"history":[{"title":"One"},{"title":"Two"},{"title":"Three"}]},"candidates":[{"id":"x","title":"A"}]}"#
        ).get()
        #expect(request.user.history.map(\.title) == ["Two", "Three"])
        #expect(request.droppedHistoryItems == 1)
    }

    @Test("a long title is cut and multi-line titles become one line")
    func titleCap() throws {
        let request = try decode(#"{"id":"a","candidates":[{"id":"x","title":"A very long title that goes on\nand on"}]}"#).get()
        #expect(request.candidates[0].title == "A very long title t…")
        #expect(!request.candidates[0].title.contains("\n"))
    }

    @Test("a line over the byte limit is refused with its id")
    func lineTooLong() {
        let small = RequestDecoder(limits: RequestLimits(maxLineBytes: 30))
        let result = small.decode(line: Data(#"{"id":"big","candidates":[{"id":"x","title":"A"}]}"#.utf8))
        guard case .failure(let failure) = result else { Issue.record("accepted"); return }
        #expect(failure.code == .lineTooLong)
        #expect(failure.id == "big")
    }

    @Test("upstream order is by score, unscored last, ties by input order")
    func upstreamOrder() throws {
        let request = try decode(
            #"{"id":"a","candidates":[{"id":"a","title":"A"},{"id":"b","title":"B","score":0.5},{"id":"c","title":"C","score":0.9},{"id":"d","title":"D","score":0.5}]}"#
        ).get()
        #expect(request.upstreamOrder == [2, 1, 3, 0])
    }
}
