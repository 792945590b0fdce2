import ArgumentParser
import RerankCore
import RerankEval

// The libraries' choices, read from the command line by their raw values; a bad one is answered with the
// allowed values. The conformances live in the executable so the libraries never depend on ArgumentParser.

/// `eval run --strategy`.
extension RankingStrategy: ExpressibleByArgument {}

/// `eval run --prompt`.
extension PromptFamily: ExpressibleByArgument {}

/// `eval run --scoring`.
extension ScoringMode: ExpressibleByArgument {}

/// `eval run --fusion-mode`.
extension FusionMode: ExpressibleByArgument {}

/// `eval run --gain`.
extension RelevanceGain: ExpressibleByArgument {}

/// `eval tune --split`.
extension TuneSplit.Method: ExpressibleByArgument {}

/// `eval build --target-position`.
extension LabelledListBuilder.TargetPlacement: ExpressibleByArgument {}

/// `eval build --scores`.
extension LabelledListBuilder.ScoreSource: ExpressibleByArgument {}

/// `eval build --missing-target`.
extension LabelledListBuilder.MissingTarget: ExpressibleByArgument {}
