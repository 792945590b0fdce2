import RerankCore
import Testing

@testable import RerankEval
@testable import ResponseCaching

@Suite("Statistics and sampling")
struct StatisticsTests {
    @Test("a constant series has a zero-width interval at its mean")
    func constantInterval() {
        let estimate = Bootstrap(samples: 500, seed: 3).estimate([0.4, 0.4, 0.4, 0.4])
        #expect(estimate.mean == 0.4)
        #expect(abs(estimate.low - 0.4) < 1e-12 && abs(estimate.high - 0.4) < 1e-12)
    }

    @Test("a clear paired improvement is significant and identical systems are not")
    func pairedComparison() {
        let baseline = (0..<60).map { Double($0 % 7) / 10 }
        let better = baseline.enumerated().map { $0.element + ($0.offset % 3 == 0 ? 0.1 : 0.3) }
        let bootstrap = Bootstrap(samples: 2000, seed: 9)
        let improved = bootstrap.compare(better, against: baseline)
        #expect(improved.difference.mean > 0.2)
        #expect(improved.difference.low > 0)
        #expect(improved.pValue < 0.01)
        let same = bootstrap.compare(baseline, against: baseline)
        #expect(same.difference.mean == 0)
        #expect(same.pValue == 1)
    }

    @Test("the interval contains the mean and the same seed gives the same interval")
    func reproducibleInterval() {
        let values = (0..<40).map { Double(($0 * 37) % 11) / 11 }
        let first = Bootstrap(samples: 1000, seed: 5).estimate(values)
        let second = Bootstrap(samples: 1000, seed: 5).estimate(values)
        #expect(first == second)
        #expect(first.low < first.mean && first.mean < first.high)
    }

    @Test("sampling without replacement returns distinct elements and is reproducible")
    func sampling() {
        var generator = SplitMix64(seed: 11)
        let sample = SeededSampling.sample(Array(0..<50), count: 19, using: &generator)
        #expect(Set(sample).count == 19)
        var again = SplitMix64(seed: 11)
        #expect(SeededSampling.sample(Array(0..<50), count: 19, using: &again) == sample)
        var small = SplitMix64(seed: 1)
        #expect(SeededSampling.sample([1, 2], count: 5, using: &small).sorted() == [1, 2])
    }

    @Test("SHA-256 matches the published test vectors")
    func sha256() {
        #expect(ResponseCache.hexDigest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ResponseCache.hexDigest([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            ResponseCache.hexDigest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("HTML entities in titles are decoded and stray ampersands are kept")
    func entities() {
        #expect(HTMLEntities.decode("Tom &amp; Jerry") == "Tom & Jerry")
        #expect(HTMLEntities.decode("Schindler&#39;s List &#x2014; 1993") == "Schindler's List — 1993")
        #expect(HTMLEntities.decode("Batman & Robin &unknown; &") == "Batman & Robin &unknown; &")
    }

    @Test("Holm and Benjamini–Hochberg adjust p-values as published, in the order given")
    func multipleTesting() {
        // Hand computation: sorted 0.005, 0.01, 0.03, 0.04 → Holm 4·0.005, 3·0.01, 2·0.03, max(1·0.04, 0.06);
        // BH 4·0.005/1 and 4·0.01/2 → 0.02, 4·0.03/3 and 4·0.04/4 → 0.04.
        let p = [0.01, 0.04, 0.03, 0.005]
        let holm = MultipleTesting.holm(p)
        let hochberg = MultipleTesting.benjaminiHochberg(p)
        for (value, expected) in zip(holm, [0.03, 0.06, 0.06, 0.02]) { #expect(abs(value - expected) < 1e-12) }
        for (value, expected) in zip(hochberg, [0.02, 0.04, 0.04, 0.02]) { #expect(abs(value - expected) < 1e-12) }
        #expect(MultipleTesting.holm([0.6, 0.9]) == [1, 1])
        #expect(MultipleTesting.holm([]).isEmpty && MultipleTesting.benjaminiHochberg([]).isEmpty)
    }

    @Test("a report's comparisons carry Holm and BH values over the whole family, never below the raw p-value")
    func adjustedComparisons() async throws {
        let lists = try Fixtures.lists(users: 4)
        let evaluation = try Evaluation(
            lists: lists, listsSource: "f", configurations: [EvalConfiguration(votes: 1)], settings: .init(bootstrapSamples: 200))
        let report = await evaluation.run(endpoint: FakeEndpoint(), baseURL: "u", model: "m", prompts: try Fixtures.prompts(), cache: nil)
        let comparisons = report.summary.comparisons
        #expect(comparisons.count > 10)
        #expect(
            comparisons.allSatisfy { $0.holmPValue >= $0.result.pValue - 1e-12 && $0.benjaminiHochbergQValue >= $0.result.pValue - 1e-12 })
        #expect(comparisons.allSatisfy { $0.holmPValue >= $0.benjaminiHochbergQValue - 1e-12 })
        #expect(MultipleTesting.holm(comparisons.map(\.result.pValue)) == comparisons.map(\.holmPValue))
        #expect(report.markdown.contains("Holm's adjustment over all \(comparisons.count) comparisons"))
        #expect(report.json.prettyPrinted.contains("\"p_holm\""))
    }
}
