import Foundation

/// Why an evaluation could not start, with what to change.
public enum EvalSetupError: Error, Sendable, Hashable, LocalizedError, CustomStringConvertible {
    /// A `--configuration` spec that does not parse.
    case badConfiguration(spec: String, detail: String)
    /// Two configurations with the same name would overwrite each other in the report.
    case duplicateName(String)
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
        case .invalidSetting(let detail):
            return detail
        case .cannotWriteReport(let path, let reason):
            return "cannot write the report to \(path) (\(reason)); pick a writable --report folder"
        }
    }

    public var errorDescription: String? { description }
}
