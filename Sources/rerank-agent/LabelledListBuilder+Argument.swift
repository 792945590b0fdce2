import ArgumentParser
import RerankEval

/// `eval build`'s choices, read by their raw values.
extension LabelledListBuilder.TargetPlacement: ExpressibleByArgument {}

/// `eval build --scores`.
extension LabelledListBuilder.ScoreSource: ExpressibleByArgument {}

/// `eval build --missing-target`.
extension LabelledListBuilder.MissingTarget: ExpressibleByArgument {}
