import Foundation

/// Why a dataset or a labelled-list file could not be read, with what to change.
public enum DatasetError: Error, Sendable, Hashable, LocalizedError, CustomStringConvertible {
    /// The file could not be opened.
    case unreadable(path: String, reason: String)
    /// The first line is not a RecBole header of `name:type` fields.
    case badHeader(path: String, detail: String)
    /// A field the builder needs is not in the header.
    case missingField(path: String, field: String, present: [String])
    /// A row could not be read.
    case badRow(path: String, line: Int, detail: String)
    /// A labelled-list line is not a valid request with labels.
    case badList(path: String, line: Int, detail: String)
    /// Nothing could be built or read.
    case empty(path: String, detail: String)
    /// A builder setting is out of range.
    case invalidSetting(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .badHeader(let path, let detail):
            return
                "\(path): the first line must be a RecBole header such as 'user_id:token<TAB>item_id:token<TAB>timestamp:float' (\(detail))"
        case .missingField(let path, let field, let present):
            return
                "\(path) has no '\(field)' field (it has \(present.joined(separator: ", "))); RecBole atomic files name it '\(field):token'"
        case .badRow(let path, let line, let detail):
            return "\(path):\(line): \(detail)"
        case .badList(let path, let line, let detail):
            return "\(path):\(line): \(detail)"
        case .empty(let path, let detail):
            return "\(path): \(detail)"
        case .invalidSetting(let detail):
            return detail
        }
    }

    public var errorDescription: String? { description }
}
