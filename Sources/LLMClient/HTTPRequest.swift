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
        method: Method = .post, url: String, headers: [(name: String, value: String)], body: Data, connectTimeout: Double,
        totalTimeout: Double,
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
