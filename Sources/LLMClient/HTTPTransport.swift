import Foundation

/// One HTTP exchange as the clients need it: a POST with a JSON body, or a GET.
public struct HTTPRequest: Sendable {
    public enum Method: String, Sendable { case get = "GET", post = "POST" }

    public var method: Method
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: Data
    public var connectTimeout: Double
    public var totalTimeout: Double
    /// The most body bytes read; past it the transfer is abandoned and fails as `.responseTooLarge`.
    public var maxResponseBytes: Int

    public init(
        method: Method = .post, url: String, headers: [(name: String, value: String)], body: Data, connectTimeout: Double, totalTimeout: Double,
        maxResponseBytes: Int = 8 << 20
    ) {
        self.maxResponseBytes = maxResponseBytes
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
    }
}

/// A complete HTTP answer. Header names are lower-cased.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Why no HTTP answer came back at all.
public struct TransportError: Error, Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case connectionFailed
        case timedOut
        case cancelled
        /// The body passed the request's `maxResponseBytes`, or the headers passed the transport's bound.
        case responseTooLarge
    }

    public var kind: Kind
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}

/// Sends HTTP requests; the chat client talks to the network only through this.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
