import ArgumentParser
import RerankCore
import RerankRuntime

struct RerankAgent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerank-agent",
        abstract: "Reorders an upstream ranker's top-K candidates for one user with a large language model.",
        version: BuildInfo().line,
        subcommands: [Serve.self, Rerank.self, ShowConfig.self, Eval.self, Score.self, Reasons.self, Creatives.self]
    )
}

/// A command that handles SIGTERM and SIGINT itself (by `TerminationSignals.take`); every other command
/// leaves them their standard meaning.
protocol HandlesTerminationSignals {}

extension RerankAgent {
    /// What `AsyncParsableCommand.main()` does, plus one step: once the command is known, signals held since
    /// the start go to it if it handles them, else act as usual.
    static func mainHoldingSignals() async {
        do {
            var command = try parseAsRoot()
            if !(command is HandlesTerminationSignals) { TerminationSignals.shared.release() }
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
