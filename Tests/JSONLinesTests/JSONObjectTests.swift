import Testing

@testable import JSONLines

@Suite("JSON objects keep their members' order")
struct JSONObjectTests {
    @Test("the parser keeps the text's order")
    func parserOrder() throws {
        let value = try JSONParser.parse(Array(#"{"zeta":1,"alpha":2,"mid":{"b":1,"a":2}}"#.utf8))
        let object = try #require(value.objectValue)
        #expect(object.keys == ["zeta", "alpha", "mid"])
        #expect(object.map(\.key) == ["zeta", "alpha", "mid"])
        #expect(object["mid"]?.objectValue?.keys == ["b", "a"])
    }

    @Test("members given with a repeated name keep its first place and its last value")
    func repeatedMember() {
        let object = JSONObject(members: [("zeta", 1), ("alpha", 2), ("zeta", 3)])
        #expect(object.keys == ["zeta", "alpha"])
        #expect(object["zeta"] == .number(3))
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

    @Test("a large object is looked up through its index, and removing or replacing members keeps it right")
    func largeObject() {
        var object = JSONObject()
        for number in 0..<100 { object["k\(number)"] = .number(Double(number)) }
        object["k3"] = .string("three")
        #expect(object.count == 100 && object.keys.first == "k0" && object["k3"] == .string("three"))
        #expect(object.removeValue(forKey: "k0") == .number(0))
        #expect(object["k99"] == .number(99) && object["k0"] == nil && object.keys.first == "k1")
        let reversed = JSONObject(members: object.map { ($0.key, $0.value) }.reversed())
        #expect(reversed == object && reversed.hashValue == object.hashValue)
    }

    @Test("a hostile object of 100,000 names parses in linear time")
    func manyNames() throws {
        let text = "{" + (0..<100_000).map { #""n\#($0)":0"# }.joined(separator: ",") + "}"
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value.objectValue?.count == 100_000)
        #expect(value.objectValue?["n99999"] == .number(0))
    }
}
