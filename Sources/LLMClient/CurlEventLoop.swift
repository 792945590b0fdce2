import CCurl
import Foundation

/// The libcurl multi handle and the transfers waiting for it, driven by one thread.
///
/// The loop thread holds this object strongly for as long as it runs, so the multi handle outlives every
/// call the thread makes on it: `deinit` (the handle's cleanup) can only run once the loop has returned and
/// the transport has let go, whichever comes last.
final class CurlEventLoop: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    private var queued: [CurlTransfer] = []
    private var isShutDown = false

    init(maxConnections: Int) {
        Self.initialiseLibrary
        guard let multi = curl_multi_init() else {
            fatalError("curl_multi_init failed: libcurl could not allocate its multi handle")
        }
        self.multi = multi
        _ = curl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, max(1, maxConnections))
        _ = curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(1, maxConnections))
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    /// libcurl must be initialised once per process before any other thread uses it.
    private static let initialiseLibrary: Void = {
        _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    /// Hands a transfer to the loop; false once the loop has shut down.
    func enqueue(_ transfer: CurlTransfer) -> Bool {
        let accepted = lock.withLock { () -> Bool in
            guard !isShutDown else { return false }
            queued.append(transfer)
            return true
        }
        if accepted { wake() }
        return accepted
    }

    /// Makes the loop look at its queue and cancel flags now.
    func wake() {
        _ = curl_multi_wakeup(multi)
    }

    /// Stops the loop; transfers still running fail as cancelled.
    func shutdown() {
        lock.withLock { isShutDown = true }
        wake()
    }

    /// The event loop; returns after `shutdown`, having failed every transfer it still held.
    func run() {
        var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
        while true {
            let (incoming, stopping) = lock.withLock { () -> ([CurlTransfer], Bool) in
                defer { queued.removeAll(keepingCapacity: true) }
                return (queued, isShutDown)
            }
            for transfer in incoming {
                guard let handle = transfer.makeHandle() else {
                    transfer.finish(.failure(TransportError(kind: .connectionFailed, message: "libcurl could not create a transfer")))
                    continue
                }
                _ = curl_multi_add_handle(multi, handle)
                active[handle] = transfer
            }
            for (handle, transfer) in active where stopping || transfer.isCancelled {
                curl_multi_remove_handle(multi, handle)
                active[handle] = nil
                transfer.finish(.failure(TransportError(kind: .cancelled, message: "the request was cancelled")))
            }
            if stopping { return }

            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            var remaining: Int32 = 0
            while let message = curl_multi_info_read(multi, &remaining) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
                let code = message.pointee.data.result
                curl_multi_remove_handle(multi, handle)
                if let transfer = active.removeValue(forKey: handle) {
                    transfer.complete(code: code)
                }
            }
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }
}
