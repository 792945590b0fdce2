import CCurl
import Foundation

/// HTTP over libcurl's multi interface: one event-loop thread drives every transfer, and the multi
/// handle's connection cache keeps connections alive between calls, so many requests share few sockets.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    private var queued: [CurlTransfer] = []
    private var isShutDown = false
    private var loopThread: Thread?

    /// - Parameter maxConnections: the most connections open at once; transfers beyond it wait in libcurl's queue.
    public init(maxConnections: Int) {
        CurlTransport.initialiseLibrary
        guard let multi = curl_multi_init() else {
            fatalError("curl_multi_init failed: libcurl could not allocate its multi handle")
        }
        self.multi = multi
        _ = curl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, max(1, maxConnections))
        _ = curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(1, maxConnections))
        let thread = Thread { [unowned self] in self.runLoop() }
        thread.name = "rerank-agent.curl"
        loopThread = thread
        thread.start()
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    /// libcurl must be initialised once per process before any other thread uses it.
    private static let initialiseLibrary: Void = {
        _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    /// Stops the event loop; transfers still running fail as cancelled.
    public func shutdown() {
        lock.withLock { isShutDown = true }
        _ = curl_multi_wakeup(multi)
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let transfer = CurlTransfer(request: request)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, Error>) in
                transfer.continuation = continuation
                let accepted = lock.withLock { () -> Bool in
                    guard !isShutDown else { return false }
                    queued.append(transfer)
                    return true
                }
                if accepted {
                    _ = curl_multi_wakeup(multi)
                } else {
                    transfer.finish(.failure(TransportError(kind: .cancelled, message: "the HTTP transport has shut down")))
                }
            }
        } onCancel: {
            transfer.markCancelled()
            _ = curl_multi_wakeup(multi)
        }
    }

    private func runLoop() {
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

/// One request's state while libcurl runs it; touched by the loop thread only, except the cancel flag.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    var continuation: CheckedContinuation<HTTPResponse, Error>?
    private var handle: UnsafeMutableRawPointer?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var responseBody = Data()
    private var responseHeaders: [String: String] = [:]
    private let cancelLock = NSLock()
    private var cancelled = false
    private var finished = false

    init(request: HTTPRequest) {
        self.request = request
    }

    var isCancelled: Bool { cancelLock.withLock { cancelled } }

    func markCancelled() { cancelLock.withLock { cancelled = true } }

    func makeHandle() -> UnsafeMutableRawPointer? {
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = curl_easy_setopt_string(handle, CURLOPT_URL, request.url)
        _ = curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        if request.method == .get {
            _ = curl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1)
        } else {
            _ = curl_easy_setopt_long(handle, CURLOPT_POST, 1)
            setBody(handle)
        }
        _ = curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(request.connectTimeout * 1000))
        _ = curl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(request.totalTimeout * 1000))
        _ = curl_easy_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
        // An empty "Expect:" stops libcurl from waiting for 100-continue on large bodies.
        var list: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "Expect:")
        for header in request.headers {
            list = curl_slist_append(list, "\(header.name): \(header.value)")
        }
        headerList = list
        _ = curl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list)
        _ = curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = curl_easy_setopt_write_function(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            guard let data, let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            let length = size * count
            transfer.responseBody.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
            return length
        }
        _ = curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = curl_easy_setopt_write_function(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            guard let data, let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            let length = size * count
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
            transfer.receiveHeaderLine(line)
            return length
        }
        return handle
    }

    private func setBody(_ handle: UnsafeMutableRawPointer) {
        request.body.withUnsafeBytes { bytes in
            _ = curl_easy_setopt_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count))
            // COPYPOSTFIELDS: libcurl keeps its own copy, so the body's lifetime is not ours to manage.
            _ = curl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)))
        }
    }

    private func receiveHeaderLine(_ line: String) {
        if line.hasPrefix("HTTP/") {
            responseHeaders.removeAll()  // a new response (after 100-continue or a redirect) starts over
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        responseHeaders[name] = value
    }

    func complete(code: CURLcode) {
        guard let handle else { return }
        if code == CURLE_OK {
            var status = 0
            _ = curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
            finish(.success(HTTPResponse(status: status, headers: responseHeaders, body: responseBody)))
        } else {
            let reason = String(cString: curl_easy_strerror(code))
            let kind: TransportError.Kind = code == CURLE_OPERATION_TIMEDOUT ? .timedOut : .connectionFailed
            finish(.failure(TransportError(kind: kind, message: "\(reason) (\(request.url))")))
        }
    }

    func finish(_ result: Result<HTTPResponse, Error>) {
        let continuation = cancelLock.withLock { () -> CheckedContinuation<HTTPResponse, Error>? in
            guard !finished else { return nil }
            finished = true
            return self.continuation
        }
        if let handle {
            curl_easy_cleanup(handle)
            self.handle = nil
        }
        if let headerList {
            curl_slist_free_all(headerList)
            self.headerList = nil
        }
        continuation?.resume(with: result)
    }
}
