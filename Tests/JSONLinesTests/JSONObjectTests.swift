import Testing

@testable import JSONLines

@Suite("JSON objects keep their members' order")
struct JSONObjectTests {
    @Test("the parser keeps the text's order; a repeated name keeps its first place and its last value")
    func parserOrder() throws {
        let value = try JSONParser.parse(Array(#"{"zeta":1,"alpha":2,"mid":{"b":1,"a":2},"zeta":3}"#.utf8))
        let object = try #require(value.objectValue)
        #expect(object.keys == ["zeta", "alpha", "mid"])
        #expect(object["zeta"] == .number(3))
        #expect(object.map(\.key) == ["zeta", "alpha", "mid"])
        #expect(object["mid"]?.objectValue?.keys == ["b", "a"])
    }

    @Test("equality and hashing ignore order, as JSON's do; removing a member drops its name")
    func equalityIgnoresOrder() {
        var left: JSONObject = ["a": 1, "b": 2]
        let right: JSONObject = ["b": 2, "a": 1]
        #expect(left == right)
        #expect(Set([JSONValue.object(left), .object(right)]).count == 1)
        #expect(left.removeValue(forKey: "a") == .number(1))
        #expect(left.keys == ["b"] && left.count == 1)
        left["c"] = nil
        #expect(left.keys == ["b"])
    }

    @Test("a dictionary has no order to keep: its members come in name order")
    func fromDictionary() {
        #expect(JSONObject(["b": 1, "c": 2, "a": 3]).keys == ["a", "b", "c"])
    }
}
