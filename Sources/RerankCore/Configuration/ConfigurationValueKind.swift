/// The kinds of value a configuration key takes, and so how a flag's or variable's text is read for it.
public enum ConfigurationValueKind: Sendable, Hashable {
    /// A non-empty string.
    case string
    /// A string, or null (an empty text or `null` from a flag or variable).
    case optionalString
    /// A whole number of at least 0.
    case integer
    /// A number of at least 0.
    case number
    /// true or false (also yes/no, on/off, 1/0 from a flag or variable).
    case boolean
    /// A mapping of strings to strings.
    case stringMap
    /// A mapping of strings to any JSON values.
    case jsonMap
    /// A list of strings (comma-separated from a flag or variable).
    case stringList
    /// One of the given strings.
    case choice([String])

    /// Mappings are values of their own: the YAML walk stops at them instead of reading their entries as keys.
    var isMapping: Bool {
        switch self {
        case .stringMap, .jsonMap: return true
        default: return false
        }
    }
}
