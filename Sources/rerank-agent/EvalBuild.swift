import ArgumentParser
import Foundation
import RerankEval

/// `rerank-agent eval build`: labelled lists from RecBole atomic files.
struct EvalBuild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Builds labelled lists (rerank requests with labels) from RecBole atomic files.",
        discussion: """
            A raw .inter file (user_id, item_id, timestamp) is split leave-last-out by timestamp; a sequential file \
            (item_id_list:token_seq and the target item_id) gives one list per row. Candidates are the target plus \
            random negatives the user never interacted with, or come from --candidates: your ranker's lists, best first, as \
            'user_id<TAB>id[:score] id[:score] ...' or a TREC run ('user_id Q0 item_id rank score tag'). With --candidates the \
            upstream baseline and fusion follow your ranker's order and scores; without, scores are training-part popularity. \
            Popularity is always kept in metadata for the separate popularity baseline.
            Example: rerank-agent eval build --inter "$(Evaluation/fetch-movielens.sh)/ml-100k.inter" --users 200 --output lists.jsonl
            """
    )

    @Option(name: .long, help: "The RecBole .inter file: raw interactions, or sequences with item_id_list.")
    var inter: String

    @Option(name: .long, help: "The RecBole .item file with titles and attributes. Default: <dataset>.item beside --inter.")
    var item: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Your ranker's candidates, best first: user_id<TAB>id[:score] ... per user, or a TREC run file. Default: random negatives.",
            valueName: "path"))
    var candidates: String?

    @Option(
        name: .long,
        help:
            "Candidate scores: upstream (the --candidates file's, else popularity), popularity, or none (shuffled, no scores: the model alone)."
    )
    var scores: LabelledListBuilder.ScoreSource = .upstream

    @Option(
        name: .long,
        help:
            "When a --candidates line lacks the target in its first --list-size: insert it (ground truth guaranteed) or drop it (keep the ranker's list; recall loss)."
    )
    var missingTarget: LabelledListBuilder.MissingTarget = .insert

    @Option(name: .long, help: "History items before the target (the oldest are dropped).")
    var history = 20

    @Option(name: .long, help: "Candidates per list, the target included.")
    var listSize = 20

    @Option(name: .long, help: "Skip users with fewer history items.")
    var minHistory = 1

    @Option(name: .long, help: "Keep a seeded sample of this many users (default: all).")
    var users: Int?

    @Option(name: .long, help: "Seeds the user sample, the negatives and the target's position.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Where a target missing from a --candidates line goes: random, first or last.")
    var targetPosition: LabelledListBuilder.TargetPlacement = .random

    @Option(name: .shortAndLong, help: "Write the lists here instead of stdout.")
    var output: String?

    func validate() throws {
        guard listSize >= 2 else { throw ValidationError("--list-size must be at least 2, got \(listSize)") }
        guard history >= 0 else { throw ValidationError("--history must not be negative") }
        if let users, users < 1 { throw ValidationError("--users must be at least 1") }
    }

    func run() async throws {
        do {
            let log = try InteractionLog(file: AtomicFile.read(path: inter))
            let itemPath = item ?? Self.siblingItemFile(of: inter)
            var catalog = ItemCatalog()
            if let itemPath, FileManager.default.fileExists(atPath: itemPath) {
                catalog = try ItemCatalog(file: AtomicFile.read(path: itemPath))
            } else if let item {
                throw ExitStatus.usage.failure("--item \(item) does not exist; give the .item file with titles")
            } else {
                warn("no .item file beside \(inter); items are titled by id, which gives the model nothing to go on")
            }
            let candidateFile = try candidates.map(CandidateFile.read)
            let builder = LabelledListBuilder(
                settings: .init(
                    historyLength: history, listSize: listSize, minimumHistory: minHistory, users: users, seed: seed,
                    targetPlacement: targetPosition,
                    scores: scores, missingTarget: missingTarget))
            let outcome = try builder.build(log: log, catalog: catalog, candidateFile: candidateFile)
            let text = outcome.lists.map(\.jsonLine).joined(separator: "\n") + (outcome.lists.isEmpty ? "" : "\n")
            if let output {
                let file = URL(fileURLWithPath: output)
                do {
                    // The lists usually go beside other evaluation files in a folder that may not exist yet.
                    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(text.utf8).write(to: file, options: .atomic)
                } catch {
                    throw ExitStatus.ioError.failure(
                        "eval build cannot write \(output): \(error.localizedDescription); check the folder's permissions and free space")
                }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            var note = "eval build: \(outcome.lists.count) lists (\(log.isSequential ? "sequential file" : "leave-last-out split"))"
            if outcome.skippedShortHistory > 0 { note += ", \(outcome.skippedShortHistory) skipped for history shorter than \(minHistory)" }
            if outcome.skippedNoCandidates > 0 { note += ", \(outcome.skippedNoCandidates) users without a candidate line" }
            if outcome.shortLists > 0 { note += ", \(outcome.shortLists) lists shorter than \(listSize)" }
            if candidateFile != nil {
                note += "; target in the ranker's top \(listSize): \(outcome.targetInTopK)"
                note +=
                    missingTarget == .insert
                    ? ", listed deeper and raised to the last place: \(outcome.targetRaised), not listed and inserted (\(targetPosition.rawValue)): \(outcome.targetInserted)"
                    : ", dropped (not in the top \(listSize)): \(outcome.targetDropped)"
            }
            if scores == .none { note += "; candidates shuffled without scores" }
            warn(note + (output.map { " → \($0)" } ?? ""))
        } catch let error as DatasetError {
            throw ExitStatus.dataError.failure(error.description)
        }
    }

    /// `data/ml-100k.inter` and `data/ml-100k.test.inter` → `data/ml-100k.item`.
    static func siblingItemFile(of interPath: String) -> String? {
        let url = URL(fileURLWithPath: interPath)
        guard let dataset = url.lastPathComponent.split(separator: ".").first else { return nil }
        return url.deletingLastPathComponent().appendingPathComponent("\(dataset).item").path
    }

    private func warn(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
