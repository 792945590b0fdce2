import Foundation
import Testing

@testable import JSONLines

@Suite("One JSON writer: compact answers, sorted request bodies, pretty reports")
struct JSONWriterTests {
    @Test("sorted-keys values match JSONEncoder with sorted keys and unescaped slashes, byte for byte", arguments: 0..<4)
    func sortedKeysMatchEncoder(seed: UInt64) throws {
        var generator = WriterSeededNumbers(state: seed &+ 0x51_7CC1)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for _ in 0..<60 {
            let value = Self.randomValue(&generator, depth: 0)
            var writer = JSONWriter(style: .sortedKeys)
            try writer.write(value)
            #expect(Data(writer.bytes) == (try encoder.encode(value)))
        }
    }

    @Test("compact strings escape as answer lines always have, differentially against the scalar-by-scalar form", arguments: 0..<4)
    func compactMatchesReference(seed: UInt64) {
        var generator = WriterSeededNumbers(state: seed &+ 0x2545_F491)
        for _ in 0..<200 {
            let text = Self.randomText(&generator)
            #expect(OutputJSON.string(text).serialized == ReferenceAnswerJSON.string(text))
        }
        #expect(
            OutputJSON.string("a\u{7F}b\u{2028}c\u{2029}\u{08}\u{0C}\u{1F}").serialized == #""a\u007fb\u2028c\u2029\u0008\u000c\u001f""#)
    }

    @Test("compact numbers: whole below 1e15 as integers, non-finite as null, the rest as their Swift description")
    func compactNumbers() {
        let value = OutputJSON.array([.double(3), .double(-0.0), .double(0.25), .double(1e15), .double(.infinity), .double(.nan), .int(-7)])
        #expect(value.serialized == "[3,0,0.25,1000000000000000.0,null,null,-7]")
    }

    @Test("compact objects keep their order; sorted-keys objects sort by UTF-8 bytes")
    func memberOrder() {
        let value = OutputJSON.object([("id", .int(1)), ("b", .null), ("a", .bool(true)), ("é", .string("x")), ("Z", .array([]))])
        #expect(value.serialized == #"{"id":1,"b":null,"a":true,"é":"x","Z":[]}"#)
        var sorted = JSONWriter(style: .sortedKeys)
        sorted.write(value)
        #expect(sorted.text == #"{"Z":[],"a":true,"b":null,"id":1,"é":"x"}"#)
    }

    @Test("pretty output indents by two spaces and keeps scalar arrays and small flat objects on one line")
    func pretty() {
        let value = OutputJSON.object([
            ("name", .string("run \"a\"")),
            ("scores", .array([.double(0.5), .int(2)])),
            ("small", .object([("a", .int(1)), ("b", .null)])),
            ("large", .object([("a", .int(1)), ("b", .int(2)), ("c", .int(3)), ("d", .int(4)), ("e", .int(5))])),
            ("nested", .array([.object([("x", .array([.object([("y", .int(1))])]))]), .null])),
            ("empty", .object([])),
        ])
        #expect(
            value.prettyPrinted == """
                {
                  "name": "run \\"a\\"",
                  "scores": [0.5,2],
                  "small": {"a":1,"b":null},
                  "large": {
                    "a": 1,
                    "b": 2,
                    "c": 3,
                    "d": 4,
                    "e": 5
                  },
                  "nested": [
                    {
                      "x": [
                        {"y":1}
                      ]
                    },
                    null
                  ],
                  "empty": {}
                }
                """)
        #expect(OutputJSON.string("x").prettyPrinted == #""x""#)
    }

    @Test("a non-finite Double in a body throws, as JSONEncoder refuses it")
    func nonFiniteThrows() {
        var writer = JSONWriter(style: .sortedKeys)
        #expect(throws: JSONWriter.NonFiniteNumber.self) { try writer.write(JSONValue.number(.infinity)) }
    }

    static let alphabet = Array(
        "aZ09 _-/\\\"\t\n\r\u{00}\u{01}\u{08}\u{0C}\u{1B}\u{1F}\u{7F}é漢😀\u{2028}\u{2029}\u{2027}\u{202A}{}[]:,".unicodeScalars)

    static func randomText(_ generator: inout WriterSeededNumbers) -> String {
        let count = Int(generator.next() % 24)
        return String(String.UnicodeScalarView((0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }))
    }

    static func randomValue(_ generator: inout WriterSeededNumbers, depth: Int) -> JSONValue {
        switch generator.next() % (depth > 2 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(generator.next() % 2 == 0)
        case 2: return .number(Double(Int64(bitPattern: generator.next()) % 2_000_000) / Double(1 + generator.next() % 1000))
        case 3: return .string(randomText(&generator))
        case 4: return .array((0..<Int(generator.next() % 4)).map { _ in randomValue(&generator, depth: depth + 1) })
        default:
            var members = JSONObject()
            for _ in 0..<Int(generator.next() % 4) { members[randomText(&generator)] = randomValue(&generator, depth: depth + 1) }
            return .object(members)
        }
    }
}

/// The answer-line string escaping as it was written before the writers became one, kept as the reference.
enum ReferenceAnswerJSON {
    static func string(_ value: String) -> String {
        var output = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{2028}": output += "\\u2028"
            case "\u{2029}": output += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }
}

/// A linear congruential generator, so a failure reproduces from its seed.
struct WriterSeededNumbers: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 11
    }
}
