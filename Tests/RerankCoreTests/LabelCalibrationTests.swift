import Foundation
import JSONLines
import Testing

@testable import RerankCore

@Suite("Label calibration")
struct LabelCalibrationTests {
    @Test("a calibrated reading is the reading's log-probabilities less the prior's, both renormalised, by hand-computed values")
    func calibrate() {
        let prior = LabelPrior(scores: [log(0.6), log(0.3), log(0.1)])
        let calibrated = prior.calibrate([log(0.5), log(0.3), log(0.2)])
        let expected = [log(0.5 / 0.6), 0, log(2.0)]
        #expect(zip(calibrated, expected).allSatisfy { abs($0 - $1) < 1e-12 })
        // The letters' preference divided out, C (least favoured by the prior) now leads and A trails.
        #expect(ScoreOrder.order(calibrated, tieBreakOrder: [0, 1, 2]) == [2, 1, 0])
        // Scores that do not sum to one are renormalised on both sides first: halving every probability changes nothing.
        let halved = prior.calibrate([log(0.25), log(0.15), log(0.1)])
        #expect(zip(halved, expected).allSatisfy { abs($0 - $1) < 1e-12 })
        let unnormalisedPrior = LabelPrior(scores: [log(0.06), log(0.03), log(0.01)])
        #expect(zip(unnormalisedPrior.calibrate([log(0.5), log(0.3), log(0.2)]), expected).allSatisfy { abs($0 - $1) < 1e-12 })
        // A reading of another label count is left as it is.
        #expect(prior.calibrate([-1, -2]) == [-1, -2])
    }

    @Test("a uniform prior changes no order")
    func uniformPrior() {
        let prior = LabelPrior(scores: [-2, -2, -2, -2])
        let reading = [-0.5, -3, -1.2, -0.9]
        #expect(
            ScoreOrder.order(prior.calibrate(reading), tieBreakOrder: [0, 1, 2, 3])
                == ScoreOrder.order(reading, tieBreakOrder: [0, 1, 2, 3]))
    }

    @Test("the prior of a label count is asked once however many readings want it at once, and counted")
    func askedOncePerLabelCount() async {
        let asked = AskLog()
        let priors = ContentFreePriors { labelCount in
            await asked.append(labelCount)
            try? await Task.sleep(for: .milliseconds(20))
            let prior: LabelPrior? = labelCount == 2 ? nil : LabelPrior(scores: Array(repeating: -1, count: labelCount))
            return (prior, CallOutcome(completion: nil, error: nil, explained: nil))
        }
        let found = await withTaskGroup(of: Bool.self) { group in
            for labelCount in [4, 4, 4, 3, 4, 3, 2, 2] {
                group.addTask { await priors.prior(labelCount: labelCount) != nil }
            }
            var collected: [Bool] = []
            for await result in group { collected.append(result) }
            return collected
        }
        #expect(found.filter { $0 }.count == 6, "two readings of 2 labels got no prior and stay uncalibrated")
        #expect(await asked.counts.sorted() == [2, 3, 4])
        let (outcomes, counts) = await priors.snapshot()
        #expect(outcomes.count == 3)
        #expect(counts.calibrationCalls == 3)
        #expect(counts.calibrationUnusable == 1)
        #expect(counts.scoredCalls == 0, "calibration calls are not readings: the picks by label stay the real ones'")
        #expect(counts.note?.contains("used uncalibrated") == true)
        let json = counts.outputJSON.serialized
        #expect(json.contains("\"calibration_calls\":3,\"calibration_unusable\":1"))
    }

    @Test("the options and the evaluation spec take calibration by name and refuse others")
    func options() throws {
        let decoder = RequestDecoder()
        let line =
            #"{"id":"c","candidates":[{"id":"1","title":"One"},{"id":"2","title":"Two"}],"options":{"strategy":"setwise","calibration":"content_free"}}"#
        let request = try decoder.decode(line: Data(line.utf8)).get()
        #expect(request.options.calibration == .contentFree)
        let bad = #"{"id":"c","candidates":[{"id":"1","title":"One"},{"id":"2","title":"Two"}],"options":{"calibration":"yes"}}"#
        guard case .failure(let error) = decoder.decode(line: Data(bad.utf8)) else {
            Issue.record("an unknown calibration was accepted")
            return
        }
        #expect(error.message.contains("'options.calibration' must be one of none, content_free"))
        #expect(RerankOptions().calibration == .none)
    }
}

actor AskLog {
    private(set) var counts: [Int] = []
    func append(_ count: Int) { counts.append(count) }
}
