import Foundation

/// Why an evaluation could not start, with what to change.
public enum EvalSetupError: Error, Sendable, Hashable, LocalizedError, CustomStringConvertible {
    /// A `--configuration` spec that does not parse.
    case badConfiguration(spec: String, detail: String)
    /// Two configurations with the same name would overwrite each other in the report.
    case duplicateName(String)
    /// A configuration named like a baseline or an imported run, which the report could not tell apart from it.
    case reservedName(String, owner: String)
    /// Two `--run` files with the same name would overwrite each other in the report.
    case duplicateRunName(String)
    /// A setting out of range.
    case invalidSetting(String)
    /// The report folder could not be written.
    case cannotWriteReport(path: String, reason: String)

    public var description: String {
        switch self {
        case .badConfiguration(let spec, let detail):
            return "configuration '\(spec)': \(detail)"
        case .duplicateName(let name):
            return "two configurations are named '\(name)'; give one another name with name=…"
        case .reservedName(let name, let owner):
            return "the configuration name '\(name)' is taken by \(owner); give the configuration another name with name=…"
        case .duplicateRunName(let name):
            return "two --run files are named '\(name)'; name them apart with NAME=PATH"
        case .invalidSetting(let detail):
            return detail
        case .cannotWriteReport(let path, let reason):
            return "cannot write the report to \(path) (\(reason)); pick a writable --report folder"
        }
    }

    public var errorDescription: String? { description }
}
