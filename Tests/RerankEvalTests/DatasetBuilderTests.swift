import Foundation
import RerankCore
import Testing

@testable import RerankEval

@Suite("Building labelled lists from RecBole files")
struct DatasetBuilderTests {
    /// User 1's interactions are out of time order in the file; user 3 has only one.
    static let inter = """
        user_id:token\titem_id:token\trating:float\ttimestamp:float
        1\t10\t5\t300
        1\t11\t4\t100
        1\t12\t3\t200
        1\t13\t5\t400
        2\t11\t4\t50
        2\t14\t3\t60
        3\t10\t1\t10
        """

    static var item: String {
        var lines = ["item_id:token\tmovie_title:token_seq\trelease_year:token\tclass:token_seq"]
        for id in 10..<40 {
            lines.append(id == 13 ? "13\tTom &amp; Jerry\t1993\tAnimation Comedy" : "\(id)\tMovie \(id)\t19\(id + 50)\tDrama")
        }
        return lines.joined(separator: "\n")
    }

    func log() throws -> InteractionLog {
        try InteractionLog(file: AtomicFile(text: Self.inter, path: "test.inter"))
    }

    func catalog() throws -> ItemCatalog {
        try ItemCatalog(file: AtomicFile(text: Self.item, path: "test.item"))
    }

    func build(_ settings: LabelledListBuilder.Settings = .init(), candidates: CandidateFile? = nil) throws -> LabelledListBuilder.Outcome {
        try LabelledListBuilder(settings: settings).build(log: log(), catalog: catalog(), candidateFile: candidates)
    }

    @Test("the last interaction by timestamp is the target and the earlier ones, oldest first, the history")
    func leaveLastOut() throws {
        let outcome = try build()
        let first = try #require(outcome.lists.first { $0.request.id == "1" })
        #expect(first.labels == ["13": 1])
        #expect(first.request.user.history.map(\.id) == ["11", "12", "10"])
        #expect(outcome.lists.map(\.request.id) == ["1", "2"])
        #expect(outcome.skippedShortHistory == 1)
    }

    @Test("the history keeps only the most recent items")
    func truncation() throws {
        let outcome = try build(.init(historyLength: 2))
        let first = try #require(outcome.lists.first)
        #expect(first.request.user.history.map(\.id) == ["12", "10"])
    }

    @Test("negatives are never items the user interacted with, and the target appears exactly once")
    func negativesExcludeInteracted() throws {
        for seed in 0..<20 as Range<UInt64> {
            let outcome = try build(.init(listSize: 20, seed: seed))
            let first = try #require(outcome.lists.first { $0.request.id == "1" })
            let ids = first.candidateIDs
            #expect(ids.count == 20)
            #expect(Set(ids).count == 20)
            #expect(ids.filter { $0 == "13" }.count == 1)
            #expect(Set(ids).isDisjoint(with: ["10", "11", "12"]))
            let second = try #require(outcome.lists.first { $0.request.id == "2" })
            #expect(!second.candidateIDs.contains("11"))
        }
    }

    @Test("the same seed builds the same lines and another seed different ones")
    func seededReproducibility() throws {
        let once = try build(.init(seed: 7)).lists.map(\.jsonLine)
        let again = try build(.init(seed: 7)).lists.map(\.jsonLine)
        let other = try build(.init(seed: 8)).lists.map(\.jsonLine)
        #expect(once == again)
        #expect(once != other)
    }

    @Test("the target lands at different positions across seeds")
    func targetPositionVaries() throws {
        let positions = try (0..<12 as Range<UInt64>).map { seed in
            try build(.init(listSize: 10, seed: seed)).lists[0].candidateIDs.firstIndex(of: "13") ?? -1
        }
        #expect(Set(positions).count > 3)
    }

    @Test("scores are training-part popularity: the held-out targets do not count")
    func popularityScores() throws {
        let log = try log()
        #expect(log.popularity == ["11": 2, "12": 1, "10": 1])
        let outcome = try build(.init(listSize: 40))
        let second = try #require(outcome.lists.first { $0.request.id == "2" })
        let scores = Dictionary(uniqueKeysWithValues: second.request.candidates.map { ($0.id, $0.score) })
        #expect(scores["10"] == 1)
        #expect(scores["12"] == 1)
        #expect(scores["13"] == 0)
        #expect(second.popularity?["10"] == 1)
    }

    @Test("titles are HTML-decoded and year and genre become attributes")
    func itemAttributes() throws {
        let catalog = try catalog()
        let item = catalog.item("13")
        #expect(item.title == "Tom & Jerry")
        #expect(item.attributes.contains(.init(name: "year", value: "1993")))
        #expect(item.attributes.contains(.init(name: "genre", value: "Animation, Comedy")))
        #expect(catalog.item("999").title == "item 999")
    }

    @Test("a candidate file gives the candidates, with a missing target added where told")
    func candidateFile() throws {
        let file = try CandidateFile(text: "1\t20 21 22 23 24\n2\t14 30 31\n", path: "c.tsv")
        let last = try build(.init(listSize: 4, targetPlacement: .last), candidates: file)
        #expect(last.lists.first { $0.request.id == "1" }?.candidateIDs == ["20", "21", "22", "13"])
        #expect(last.lists.first { $0.request.id == "2" }?.candidateIDs == ["14", "30", "31"])
        #expect(last.shortLists == 1)
        let first = try build(.init(listSize: 4, targetPlacement: .first), candidates: file)
        #expect(first.lists.first?.candidateIDs == ["13", "20", "21", "22"])
        let random = try build(.init(listSize: 4, seed: 3), candidates: file)
        #expect(Set(random.lists.first?.candidateIDs ?? []) == ["13", "20", "21", "22"])
        #expect(random.lists.first?.labels == ["13": 1])
    }

    @Test("users without a candidate line are skipped and counted")
    func candidateFileMissingUser() throws {
        let file = try CandidateFile(text: "2\t30 31\n", path: "c.tsv")
        let outcome = try build(.init(listSize: 3), candidates: file)
        #expect(outcome.lists.map(\.request.id) == ["2"])
        #expect(outcome.skippedNoCandidates == 1)
    }

    @Test("a pre-split sequential file gives one list per row, its item_id_list as history")
    func sequentialFile() throws {
        let text = """
            user_id:token\titem_id_list:token_seq\titem_id:token
            1\t11 12 10\t13
            2\t11\t14
            """
        let log = try InteractionLog(file: AtomicFile(text: text, path: "seq.inter"))
        #expect(log.isSequential)
        let outcome = try LabelledListBuilder(settings: .init(historyLength: 2, listSize: 5)).build(log: log, catalog: catalog())
        let first = try #require(outcome.lists.first)
        #expect(first.request.user.history.map(\.id) == ["12", "10"])
        #expect(first.labels == ["13": 1])
        #expect(Set(first.candidateIDs).isDisjoint(with: ["10", "11", "12"]))
    }

    @Test("a seeded user sample keeps the requested number of users")
    func userSample() throws {
        let outcome = try build(.init(minimumHistory: 0, users: 2))
        #expect(outcome.lists.count == 2)
    }

    @Test("a header without types is refused with a message naming the column")
    func badHeader() {
        #expect(throws: DatasetError.self) { try AtomicFile(text: "user_id\titem_id\n1\t2", path: "x.inter") }
        #expect(throws: DatasetError.self) {
            try InteractionLog(file: AtomicFile(text: "user:token\titem_id:token\n1\t2", path: "x.inter"))
        }
    }

    @Test("built lines read back as labelled lists with their labels and popularity")
    func roundTrip() throws {
        let outcome = try build()
        let line = try #require(outcome.lists.first?.jsonLine)
        let parsed = try LabelledListReader().parse(Data(line.utf8))
        #expect(parsed.labels == ["13": 1])
        #expect(parsed.candidateIDs == outcome.lists.first?.candidateIDs)
        #expect(parsed.popularity?["13"] == 0)
        #expect(parsed.request.user.history.count == 3)
    }

    @Test("a list line without labels is refused with its line number")
    func missingLabels() {
        let line = #"{"id":"x","candidates":[{"id":"a","title":"A"}]}"#
        #expect(throws: DatasetError.self) { try LabelledListReader().parse(Data(line.utf8), path: "l.jsonl", lineNumber: 4) }
    }

    @Test("a candidate file's scores become the candidates' scores, so the upstream baseline is the ranker's order, not popularity")
    func candidateScores() throws {
        // Popularity would put 11 (2 interactions) first; the ranker puts 20 first.
        let file = try CandidateFile(text: "1\t20:0.9 11:0.5 13:0.25 30:0.1\n", path: "c.tsv")
        #expect(file.scores["1"] == [0.9, 0.5, 0.25, 0.1])
        let list = try #require(try build(.init(listSize: 4), candidates: file).lists.first)
        #expect(list.request.candidates.map(\.score) == [0.9, 0.5, 0.25, 0.1])
        let upstream = try #require(
            Baseline.upstream.evaluate(list, candidates: list.request.candidates, metrics: MetricSet(), randomDraws: 1, seed: 0))
        #expect(upstream.ranking == ["20", "11", "13", "30"])
        let popularity = try #require(
            Baseline.popularity.evaluate(list, candidates: list.request.candidates, metrics: MetricSet(), randomDraws: 1, seed: 0))
        #expect(popularity.ranking.first == "11")
        #expect(list.popularity?["11"] == 2)
        // --scores popularity keeps the old behaviour.
        let old = try #require(try build(.init(listSize: 4, scores: .popularity), candidates: file).lists.first)
        #expect(old.request.candidates.map(\.score) == [0, 2, 0, 0])
    }

    @Test("a candidate line mixing scored and unscored ids is refused naming the user and the bare id")
    func mixedScores() {
        #expect(
            throws: DatasetError.badRow(
                path: "c.tsv", line: 2,
                detail:
                    "user '7': 1 of 2 candidates have a score but 'b' has none; give 'id:score' for all of a line's candidates or for none")
        ) {
            try CandidateFile(text: "# header\n7\ta:1 b\n", path: "c.tsv")
        }
    }

    @Test("a TREC run is read as candidate lines in trec_eval's order, a byte-order mark and all")
    func trecRunCandidates() throws {
        let text = "\u{FEFF}1 Q0 20 1 0.5 bm25\n1 Q0 22 2 0.5 bm25\n1 Q0 21 3 0.9 bm25\n2 Q0 30 1 1 bm25\n"
        let file = try CandidateFile(text: text, path: "run.txt")
        #expect(file.format == .trecRun)
        #expect(file.candidates["1"] == ["21", "22", "20"])
        #expect(file.scores["1"] == [0.9, 0.5, 0.5])
        #expect(throws: DatasetError.self) { try CandidateFile(text: "1 Q0 20 1 high bm25\n", path: "run.txt") }
    }

    @Test("a target below the ranker's top K is dropped or inserted as told, and each case is counted")
    func missingTargetPolicy() throws {
        // User 1's target 13 is listed 5th, user 2's target 14 not at all.
        let file = try CandidateFile(text: "1\t20:5 21:4 22:3 23:2 13:1\n2\t30:3 31:2 32:1\n", path: "c.tsv")
        let inserted = try build(.init(listSize: 3, targetPlacement: .first), candidates: file)
        let one = try #require(inserted.lists.first { $0.request.id == "1" })
        #expect(one.candidateIDs == ["20", "21", "13"])
        #expect(one.request.candidates.map(\.score) == [5, 4, 1])
        let two = try #require(inserted.lists.first { $0.request.id == "2" })
        #expect(two.candidateIDs == ["14", "30", "31"])
        #expect(two.request.candidates.map(\.score) == [4, 3, 2])
        #expect(two.request.upstreamOrder == [0, 1, 2])
        #expect(inserted.targetRaised == 1 && inserted.targetInserted == 1 && inserted.targetInTopK == 0 && inserted.targetDropped == 0)
        let dropped = try build(.init(listSize: 3, missingTarget: .drop), candidates: file)
        #expect(dropped.lists.map(\.candidateIDs) == [["20", "21", "22"], ["30", "31", "32"]])
        #expect(dropped.lists.allSatisfy { Metrics.recall($0.candidateIDs, labels: $0.labels, cutoff: 10) == 0 })
        #expect(dropped.targetDropped == 2 && dropped.targetRaised == 0)
        let roomy = try build(.init(listSize: 5), candidates: file)
        #expect(roomy.targetInTopK == 1 && roomy.targetInserted == 1)
    }

    @Test("--users samples among the users that have a candidate line, not the whole log")
    func userSampleAmongCandidates() throws {
        var lines = ["user_id:token\titem_id:token\ttimestamp:float"]
        for user in 1...200 { for step in 0..<3 { lines.append("\(user)\t\(10 + (user + step) % 25)\t\(step)") } }
        let log = try InteractionLog(file: AtomicFile(text: lines.joined(separator: "\n"), path: "big.inter"))
        let file = try CandidateFile(text: (1...10).map { "\($0 * 17)\t30 31 32" }.joined(separator: "\n"), path: "c.tsv")
        let outcome = try LabelledListBuilder(settings: .init(listSize: 4, users: 5)).build(
            log: log, catalog: catalog(), candidateFile: file)
        #expect(outcome.lists.count == 5)
        #expect(outcome.skippedNoCandidates == 190)
    }

    @Test("--scores none shuffles the candidates and drops every score, the same way for the same seed")
    func noScores() throws {
        let file = try CandidateFile(text: "1\t20:5 21:4 22:3 23:2 24:1 25:0\n", path: "c.tsv")
        let orders = try (0..<8 as Range<UInt64>).map { seed -> [String] in
            let list = try #require(try build(.init(listSize: 7, seed: seed, scores: .none), candidates: file).lists.first)
            #expect(list.request.candidates.allSatisfy { $0.score == nil })
            #expect(Set(list.candidateIDs) == ["13", "20", "21", "22", "23", "24", "25"])
            return list.candidateIDs
        }
        #expect(Set(orders).count > 4)
        #expect(
            try build(.init(listSize: 7, seed: 3, scores: .none), candidates: file).lists.map(\.jsonLine)
                == build(.init(listSize: 7, seed: 3, scores: .none), candidates: file).lists.map(\.jsonLine))
        let random = try build(.init(scores: .none))
        #expect(random.lists.allSatisfy { $0.request.candidates.allSatisfy { $0.score == nil } && $0.popularity != nil })
    }
}
