import Foundation

/// Sends HTTP requests; the chat client talks to the network only through this.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
