import Hummingbird

/// The refusals only the HTTP face makes, each with its status and its `error.code`; the request errors of the
/// stdin path (400, 413) keep their own codes.
enum HTTPRefusal: String, CaseIterable, Sendable {
    case notFound = "not_found"
    case methodNotAllowed = "method_not_allowed"
    case unauthorized
    case unsupportedMediaType = "unsupported_media_type"
    case busy
    case draining
    case incompleteBody = "incomplete_body"

    var status: HTTPResponse.Status {
        switch self {
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .unauthorized: .unauthorized
        case .unsupportedMediaType: .unsupportedMediaType
        case .busy: .tooManyRequests
        case .draining: .serviceUnavailable
        case .incompleteBody: .badRequest
        }
    }
}
