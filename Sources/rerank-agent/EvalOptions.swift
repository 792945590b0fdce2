import ArgumentParser
import Foundation
import RerankCore
import RerankEval
import RerankRuntime
import ResponseCaching

/// What `eval run` and `eval tune` share: the lists, the response cache, how lists are scored and how the
/// statistics are drawn. Declared once here, so both commands take the same flags with the same meaning.
struct EvalOptions: ParsableArguments {
    @Option(name: .long, help: "Labelled lists (JSON Lines), e.g. from 'rerank-agent eval build'.")
    var lists: String

    @Option(name: .long, help: "Use only the first N lists.")
    var limit: Int?

    @Option(name: .long, help: "The response cache (SQLite). Default: eval/responses.sqlite in the rerank-agent cache folder.")
    var cache: String?

    @Flag(name: .long, help: "Call the endpoint for every request and store nothing.")
    var noCache = false

    @Option(name: .long, help: "Lists ranked at once. Default: serve.concurrency.")
    var concurrency: Int?

    @Option(name: .long, help: "Seeds vote shuffles, the random baseline and the bootstrap.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "NDCG cut-offs, comma-separated.")
    var cutoffs = "1,5,10,20"

    @Option(name: .long, help: "DCG gain: linear (trec_eval) or exponential (2^label − 1).")
    var gain: RelevanceGain = .linear

    @Option(name: .long, help: "Random permutations per list for the random baseline.")
    var randomDraws = 20

    @Option(name: .long, help: "Bootstrap samples for intervals and p-values.")
    var bootstrapSamples = 2000

    @Flag(name: .long, help: "Draw the progress bar even when stderr is not a terminal.")
    var progress = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        try FlagBounds.check(concurrency, flag: "--concurrency", key: "serve.concurrency")
    }

    /// The lists, the first `--limit` of them, read with the configuration's limits and default options.
    func readLists(_ configuration: Configuration) throws -> [LabelledList] {
        let reader = LabelledListReader(
            decoder: RequestDecoder(limits: configuration.requestLimits, defaults: configuration.defaultOptions))
        let labelled = try reader.read(path: lists)
        guard let limit else { return labelled }
        return Array(labelled.prefix(max(0, limit)))
    }

    /// The runner's settings from these flags.
    func settings(_ configuration: Configuration, positionSweep: Bool = false) throws -> EvalRunner.Settings {
        EvalRunner.Settings(
            metrics: MetricSet(ndcgCutoffs: try Self.integers(cutoffs, option: "--cutoffs"), gain: gain),
            seed: seed, randomDraws: randomDraws, bootstrapSamples: bootstrapSamples, positionSweep: positionSweep,
            concurrency: concurrency ?? configuration.serve.concurrency)
    }

    /// The cache's path, nil with --no-cache.
    var cachePath: String? { noCache ? nil : (cache ?? Self.defaultCachePath) }

    /// Ctrl-C (or SIGTERM) stops the command at once and says how to resume: every answer received so far is
    /// already in the response cache, so the same command continues where this one stopped.
    func stopOnSignal(command: String) {
        let resume: String
        if let cachePath {
            resume =
                "every answer received so far is in the response cache \(Self.displayPath(cachePath)); "
                + "run the same command again to continue where it stopped"
        } else {
            resume = "nothing was stored (--no-cache), so running it again starts over"
        }
        TerminationSignals.shared.take { number in
            FileHandle.standardError.write(Data("\nrerank-agent \(command): stopped by signal \(number); \(resume)\n".utf8))
            _exit(128 + number)
        }
    }

    /// Where answers are cached unless --cache says otherwise: eval/responses.sqlite in the rerank-agent cache folder.
    static var defaultCachePath: String {
        (Installation().cacheDirectory as NSString).appendingPathComponent("eval/responses.sqlite")
    }

    /// The path as the report shows it: under the home folder as `~/…`, so saved reports name no user's home.
    static func displayPath(_ path: String) -> String {
        let home = NSHomeDirectory()
        return path.hasPrefix(home + "/") ? "~" + path.dropFirst(home.count) : path
    }

    static func values<T>(_ text: String?, default fallback: [T], option: String, _ parse: (String) -> T?) throws -> [T] {
        guard let text else { return fallback }
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty else { throw ValidationError("\(option) is empty") }
        return try parts.map { part in
            guard let value = parse(part) else { throw ValidationError("\(option): '\(part)' is not a valid value") }
            return value
        }
    }

    static func integers(_ text: String, option: String) throws -> [Int] {
        try values(text, default: [], option: option) { Int($0).flatMap { $0 >= 1 ? $0 : nil } }
    }
}
