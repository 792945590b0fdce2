import CCurl
import Foundation

/// HTTP over libcurl's multi interface: one event-loop thread drives every transfer, and the multi
/// handle's connection cache keeps connections alive between calls, so many requests share few sockets.
///
/// The loop thread owns the multi handle through `CurlEventLoop`, never this object: the transport may be
/// released at any moment (at exit, with the thread not yet started), and the handle is cleaned up only
/// after the loop has stopped touching it.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    private let loop: CurlEventLoop

    /// - Parameter maxConnections: the most connections open at once; transfers beyond it wait in libcurl's queue.
    public init(maxConnections: Int) {
        loop = CurlEventLoop(maxConnections: maxConnections)
        let loop = self.loop
        let thread = Thread { loop.run() }
        thread.name = "rerank-agent.curl"
        thread.start()
    }

    deinit {
        loop.shutdown()
    }

    /// Stops the event loop; transfers still running fail as cancelled.
    public func shutdown() {
        loop.shutdown()
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let transfer = CurlTransfer(request: request)
        let loop = self.loop
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, Error>) in
                transfer.continuation = continuation
                if !loop.enqueue(transfer) {
                    transfer.finish(.failure(TransportError(kind: .cancelled, message: "the HTTP transport has shut down")))
                }
            }
        } onCancel: {
            transfer.markCancelled()
            loop.wake()
        }
    }
}
