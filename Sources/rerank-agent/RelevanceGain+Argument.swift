import ArgumentParser
import RerankEval

/// `eval --gain`, read by its raw value.
extension RelevanceGain: ExpressibleByArgument {}
