import Foundation
import Testing

/// One recorded request: what goes in, what the model answers, and the golden file holding the bodies sent.
struct GoldenCase: Sendable, CustomTestStringConvertible {
    /// What is driven: a rerank request through the service, or an ad through the creative writer.
    enum Kind: Sendable { case rerank, creatives }

    /// The golden file's name, without its extension.
    var name: String
    var kind = Kind.rerank
    /// The JSON line as a client would write it.
    var line: String
    /// The text of every answer.
    var content = "[2] > [1] > [3]"
    /// The first token's alternatives in every answer: letter labels for first-token scoring, yes and no for pointwise.
    var alternatives: [(String, Double)] = [("B", -0.3), ("A", -1.5), ("Yes", -0.5), ("No", -1.2), ("C", -2.0)]
    /// The calls run concurrently, so their arrival order is not fixed: they are kept sorted by body instead.
    var concurrent = false

    var testDescription: String { name }

    static let history =
        #"{"id":"u1","history":[{"id":"h1","title":"Heat","attributes":{"year":1995,"genre":"crime"}},"#
        + #"{"id":"h2","title":"Ronin"},{"id":"h3","title":"Collateral","attributes":{"director":"Michael Mann"}}]}"#

    /// Candidates c1…c`count`; every third one carries attributes and every one an upstream score.
    static func candidates(_ count: Int) -> String {
        let items = (1...count).map { index in
            let attributes = index % 3 == 1 ? #","attributes":{"genre":"thriller","year":\#(1990 + index)}"# : ""
            return #"{"id":"c\#(index)","title":"Title \#(index) \"quoted\"","score":\#(Double(count - index) / 10)\#(attributes)}"#
        }
        return "[" + items.joined(separator: ",") + "]"
    }

    static func rerank(_ id: String, candidates count: Int, options: String) -> String {
        #"{"id":"\#(id)","user":\#(history),"candidates":\#(candidates(count)),"options":{\#(options)}}"#
    }

    static let all: [GoldenCase] = [
        GoldenCase(
            name: "listwise-sequential", line: rerank("r1", candidates: 5, options: #""strategy":"listwise","prompt":"sequential""#)),
        GoldenCase(
            name: "listwise-logits",
            line: rerank("r2", candidates: 5, options: #""strategy":"listwise","scoring":"logits","seed":5"#)),
        GoldenCase(
            name: "listwise-votes-3",
            line: rerank("r3", candidates: 5, options: #""strategy":"listwise","votes":3,"seed":7,"aggregation":"borda""#),
            concurrent: true),
        GoldenCase(
            name: "listwise-sliding-window",
            line: rerank("r4", candidates: 25, options: #""strategy":"listwise","window":10,"step":5,"domain":"products""#)),
        GoldenCase(
            name: "listwise-structured-reask",
            line: rerank("r5", candidates: 5, options: #""strategy":"listwise","structured_output":true,"reask":true,"temperature":0.3"#)),
        GoldenCase(name: "pointwise", line: rerank("r6", candidates: 4, options: #""strategy":"pointwise""#), concurrent: true),
        GoldenCase(name: "pairwise", line: rerank("r7", candidates: 4, options: #""strategy":"pairwise""#), concurrent: true),
        GoldenCase(
            name: "setwise",
            line: rerank("r8", candidates: 7, options: #""strategy":"setwise","set_size":3,"top_k":3"#)),
        GoldenCase(name: "palr", line: rerank("r9", candidates: 5, options: #""strategy":"listwise","prompt":"palr""#)),
        GoldenCase(
            name: "recency", line: rerank("r10", candidates: 5, options: #""strategy":"listwise","prompt":"recency","explain":true"#)),
        GoldenCase(
            name: "icl-fusion-reasons",
            line: rerank(
                "r11", candidates: 5, options: #""strategy":"listwise","prompt":"icl","fusion":0.5,"fusion_mode":"score","reasons":2"#)),
        GoldenCase(
            name: "creatives", kind: .creatives,
            line: #"{"id":"ad1","product":{"title":"Trailrunner 2","description":"Waterproof trail shoe","brand":"Nordpeak"},"#
                + #""audience":{"segment":"runners","interests":["trails","mud"]},"constraints":{"count":2,"candidates":3,"max_rounds":2}}"#,
            content: #"{"creatives":[{"headline":"Nordpeak trail shoes","description":"Waterproof grip for muddy runs."},"#
                + #"{"headline":"Run the wet trails","description":"Trailrunner 2 keeps feet dry."}]}"#),
    ]
}
