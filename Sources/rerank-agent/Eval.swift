import ArgumentParser

/// `rerank-agent eval`: measures configurations against baselines on labelled lists; `eval build` makes the lists.
struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluates reranking configurations on labelled lists against baselines, or builds the lists.",
        subcommands: [EvalRun.self, EvalTune.self, EvalBuild.self, EvalCacheCopy.self],
        defaultSubcommand: EvalRun.self
    )
}
