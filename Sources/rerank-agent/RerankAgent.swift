import ArgumentParser
import RerankCore
import RerankRuntime

@main
struct RerankAgent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerank-agent",
        abstract: "Reorders an upstream ranker's top-K candidates for one user with a large language model.",
        version: BuildInfo().line,
        subcommands: [Serve.self, Rerank.self, ShowConfig.self, Eval.self, Score.self, Reasons.self, Creatives.self]
    )
}
