import Testing

@testable import RerankCore

@Suite("Reading a model's ranking answer")
struct PermutationParserTests {
    let titles = ["Toy Story (1995)", "Fargo (1996)", "Star Wars (1977)", "The Lion King (1994)"]

    func order(_ text: String, count: Int = 4) -> ([Int], RepairCounts) {
        let parser = PermutationParser(candidateCount: count, titles: Array(titles.prefix(count)))
        return PermutationRepair.repair(parser.parse(text), fallbackOrder: Array(0..<count))
    }

    @Test("bracketed labels joined by >")
    func bracketed() {
        let (order, repairs) = order("[3] > [1] > [4] > [2]")
        #expect(order == [2, 0, 3, 1])
        #expect(repairs.isClean)
    }

    @Test("a numbered list of bracketed labels with titles")
    func numberedList() {
        let (order, repairs) = order(
            "Here is my ranking:\n1. [2] Fargo\n2. [4] The Lion King\n3. [1] Toy Story\n4. [3] Star Wars\nHope this helps!")
        #expect(order == [1, 3, 0, 2])
        #expect(repairs.isClean)
    }

    @Test("a numbered list of bare labels does not read the list numbers as labels")
    func numberedBareLabels() {
        let (order, repairs) = order("1. 4\n2. 3\n3. 2\n4. 1")
        #expect(order == [3, 2, 1, 0])
        #expect(repairs.isClean)
    }

    @Test("a JSON array of numbers, and one inside a code fence")
    func jsonArrays() {
        #expect(order("[2, 1, 4, 3]").0 == [1, 0, 3, 2])
        #expect(order("```json\n[4, 3, 2, 1]\n```").0 == [3, 2, 1, 0])
        #expect(order("{\"ranking\": [\"[2]\", \"[1]\", \"[3]\", \"[4]\"]}").0 == [1, 0, 2, 3])
    }

    @Test("titles instead of labels: exact, normalised and fuzzy")
    func titlesInsteadOfLabels() {
        let (order, repairs) = order("1. Star Wars (1977)\n2. lion king\n3. Fargo\n4. Toy Storyy")
        #expect(order == [2, 3, 1, 0])
        #expect(repairs.isClean)
    }

    @Test("full-width and other unicode digits")
    func unicodeDigits() {
        #expect(order("［３］ ＞ ［１］ ＞ ［２］ ＞ ［４］").0 == [2, 0, 1, 3])
        #expect(order("[٢] > [١] > [٤] > [٣]").0 == [1, 0, 3, 2])
    }

    @Test("think blocks are skipped")
    func thinking() {
        let (order, repairs) = order("<think>maybe [1] > [2] > [3] > [4]?</think>\n[4] > [3] > [2] > [1]")
        #expect(order == [3, 2, 1, 0])
        #expect(repairs.isClean)
    }

    @Test("unknown labels and duplicates are dropped and counted; missing ones appended in fallback order")
    func repairs() {
        let parser = PermutationParser(candidateCount: 4)
        let (order, repairs) = PermutationRepair.repair(parser.parse("[2] > [9] > [2] > [0] > [4]"), fallbackOrder: [3, 2, 1, 0])
        #expect(order == [1, 3, 2, 0])
        #expect(repairs == RepairCounts(missing: 2, duplicate: 1, unknown: 2))
    }

    @Test("an echo of the model's own input list, as small models give")
    func echoedPrompt() {
        let (order, _) = order("[1] \"Toy Story (1995)\"\n[2] \"Fargo (1996)\"\n[3] \"Star Wars (1977)\"\n[4] \"The Lion King (1994)\"")
        #expect(order == [0, 1, 2, 3])
    }

    @Test("prose with no ranking repairs to the fallback order")
    func prose() {
        let parser = PermutationParser(candidateCount: 3)
        let (order, repairs) = PermutationRepair.repair(
            parser.parse("I cannot decide, they are all great movies."), fallbackOrder: [2, 0, 1])
        #expect(order == [2, 0, 1])
        #expect(repairs == RepairCounts(missing: 3, duplicate: 0, unknown: 0))
    }

    @Test("a comma-separated line of bare numbers")
    func commaSeparated() {
        #expect(order("3, 1, 2, 4").0 == [2, 0, 1, 3])
        #expect(order("Ranking: 3 > 1 > 2 > 4").0 == [2, 0, 1, 3])
    }

    @Test("a megabyte answer against twenty long titles costs a bounded number of comparisons and bytes, and its labels are still read")
    func hostileLength() {
        let titles = (0..<20).map { String(String(repeating: "word\($0) title ", count: 12).prefix(151)) }
        // Lines as long as the titles, each within the length check of all of them but matching none (every
        // fifth character changed), then one line of prose half a megabyte long, then the real answer.
        var lines: [String] = []
        var size = 0
        while size < 1 << 19 {
            let line = String(titles[lines.count % titles.count].enumerated().map { $0.offset % 5 == 0 ? "#" : $0.element })
            lines.append(line)
            size += line.utf8.count + 1
        }
        lines.append(String(repeating: "lorem ipsum dolor sit amet ", count: (1 << 19) / 27 + 1))
        lines.append("[2] > [1]")
        let answer = lines.joined(separator: "\n")
        #expect(answer.utf8.count > 1 << 20)

        let matcher = TitleMatcher(titles: titles)
        let references = PermutationParser(candidateCount: titles.count, titles: titles).parse(answer, titleMatcher: matcher)
        #expect(matcher.comparisons > 0, "the lines reach the edit distance")
        #expect(matcher.comparisons <= TitleMatcher.maxComparisons)
        #expect(matcher.bytesRead <= matcher.byteBudget)
        #expect(matcher.byteBudget < answer.utf8.count / 8, "most of the answer is never read for titles")
        #expect(references == [.candidate(1), .candidate(0)])
    }

    @Test("the banded edit distance agrees with the full one up to its limit", arguments: 0..<200)
    func bandedEditDistance(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed))
        let alphabet = Array("abcd ")
        func text() -> [Character] {
            (0..<Int.random(in: 0...14, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "a" }
        }
        let (a, b) = (text(), text())
        var previous = Array(0...b.count)
        for i in a.indices {
            var current = [i + 1] + [Int](repeating: 0, count: b.count)
            for j in b.indices {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a[i] == b[j] ? 0 : 1))
            }
            previous = current
        }
        let full = previous[b.count]
        for limit in 0...16 {
            #expect(
                TitleMatcher.editDistance(a, b, atMost: limit) == (full <= limit ? full : nil),
                "\(String(a)) / \(String(b)) within \(limit)")
        }
    }

    @Test("every candidate exactly once, whatever the text", arguments: 0..<300)
    func invariant(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed))
        let count = Int.random(in: 1...30, using: &generator)
        let alphabet = Array("[]>0123456789,. \n-abcXYZ{}\"<think>/１２３")
        let length = Int.random(in: 0...200, using: &generator)
        let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? " " })
        let fallback = Array(0..<count).shuffled(using: &generator)
        let parser = PermutationParser(candidateCount: count, titles: (0..<count).map { "Title \($0)" })
        let (order, _) = PermutationRepair.repair(parser.parse(text), fallbackOrder: fallback)
        #expect(order.sorted() == Array(0..<count))
    }
}
