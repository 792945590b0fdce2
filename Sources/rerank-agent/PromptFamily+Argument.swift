import ArgumentParser
import RerankCore

/// Read from the command line by its raw value; a bad one is answered with the allowed values.
extension PromptFamily: ExpressibleByArgument {}
