import Testing

@testable import JSONLines

@Suite("Whole numbers read from JSON")
struct JSONValueTests {
    @Test(
        "a whole number inside the range is read; fractions, other types and numbers outside it are not",
        arguments: [
            (JSONValue.number(3), 1...5, 3 as Int?), (.number(1), 1...5, 1), (.number(5), 1...5, 5), (.number(0), 1...5, nil),
            (.number(2.5), 1...5, nil), (.string("3"), 1...5, nil), (.number(-1e300), Int.min...Int.max, nil),
            (.number(1e300), 1...Int.max, nil), (.number(9.3e18), 1...Int.max, nil), (.number(4e15), 1...Int.max, 4_000_000_000_000_000),
        ])
    func wholeNumber(value: JSONValue, range: ClosedRange<Int>, expected: Int?) {
        #expect(value.wholeNumber(in: range) == expected)
    }
}
