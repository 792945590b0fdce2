import Testing
import RerankCore
@testable import RerankEval

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
        #expect(SHA256.hexDigest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hexDigest([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hexDigest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("HTML entities in titles are decoded and stray ampersands are kept")
    func entities() {
        #expect(HTMLEntities.decode("Tom &amp; Jerry") == "Tom & Jerry")
        #expect(HTMLEntities.decode("Schindler&#39;s List &#x2014; 1993") == "Schindler's List — 1993")
        #expect(HTMLEntities.decode("Batman & Robin &unknown; &") == "Batman & Robin &unknown; &")
    }
}
