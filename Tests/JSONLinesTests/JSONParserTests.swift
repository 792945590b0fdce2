import Foundation
import Testing

@testable import JSONLines

@Suite("Parsing JSON request lines")
struct JSONParserTests {
    @Test("values of every kind, escapes and surrogate pairs")
    func values() throws {
        let value = try JSONParser.parse(
            Array(#" {"a": [1, -2.5e3, true, false, null], "s": "q\"\\\/\b\f\n\r\t\u00e9\ud83c\udfac", "e": {}, "l": []} "#.utf8))
        #expect(
            value
                == .object([
                    "a": [1, -2500, true, false, .null],
                    "s": .string("q\"\\/\u{8}\u{c}\n\r\té🎬"),
                    "e": .object([:]),
                    "l": .array([]),
                ]))
    }

    @Test(
        "what is not JSON is refused with a position",
        arguments: [
            "", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "tru", "01x", "\"abc", "\"\\x\"", "\"\\ud800\"", "[1] 2", "-", "1.", "1e",
            "{\"a\":\u{1}}", "\"tab\there\"",
        ])
    func invalid(text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test(
        "a number with a leading zero is refused and the message says how to write it",
        arguments: [
            "01", "-01", "00", "[1, 007]", "{\"id\": 01}", "0123.5", "-00.5", "01e2",
        ])
    func leadingZero(text: String) {
        #expect {
            try JSONParser.parse(Array(text.utf8))
        } throws: { error in
            (error as? JSONParser.Failure)?.message.contains("leading zero") == true
        }
    }

    @Test(
        "zero itself, and a zero before a fraction or an exponent, are numbers",
        arguments: [
            ("0", 0.0), ("-0", -0.0), ("0.5", 0.5), ("-0.25", -0.25), ("0e3", 0), ("10", 10), ("100.01", 100.01),
        ])
    func zeroes(text: String, expected: Double) throws {
        #expect(try JSONParser.parse(Array(text.utf8)) == .number(expected))
    }

    @Test("a name repeated in one object is refused with the name, at any depth")
    func repeatedName() {
        for text in [#"{"id":"a","x":1,"id":"b"}"#, #"{"user":{"id":"u","id":"v"}}"#, #"[{"k":1,"k":1}]"#] {
            #expect {
                try JSONParser.parse(Array(text.utf8))
            } throws: { error in
                guard let failure = error as? JSONParser.Failure else { return false }
                return failure.message.contains("appears twice") && (failure.message.contains("'id'") || failure.message.contains("'k'"))
            }
        }
        // The same name in two different objects is no repeat.
        #expect(throws: Never.self) { try JSONParser.parse(Array(#"{"id":"a","user":{"id":"u"}}"#.utf8)) }
    }

    @Test("invalid UTF-8 inside a string is refused")
    func invalidUTF8() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test("nesting deeper than the limit is refused, not a stack overflow")
    func depth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(deep.utf8)) }
        let fine = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect(throws: Never.self) { try JSONParser.parse(Array(fine.utf8)) }
    }

    @Test("agrees with Foundation on random documents", arguments: 0..<50)
    func differential(seed: Int) throws {
        func random(_ depth: Int, _ state: inout UInt64) -> Any {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let pick = Int(state >> 60) % (depth > 3 ? 4 : 6)
            switch pick {
            case 0: return Double(Int(state >> 40) % 10_000) / 8
            case 1: return "s\(state >> 50)é\"\\\n"
            case 2: return (state >> 33) & 1 == 0
            case 3: return NSNull()
            case 4: return (0..<Int(state >> 61)).map { _ in random(depth + 1, &state) }
            default:
                var object: [String: Any] = [:]
                for index in 0..<Int(state >> 61) { object["k\(index)"] = random(depth + 1, &state) }
                return object
            }
        }
        var state = UInt64(seed) &+ 1
        let document = ["root": random(0, &state)]
        let data = try JSONSerialization.data(withJSONObject: document)
        let ours = try JSONParser.parse(Array(data))
        let theirs = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(ours == theirs)
    }
}
