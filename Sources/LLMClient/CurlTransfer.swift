import CCurl
import Foundation

/// One request's state while libcurl runs it; touched by the loop thread only, except the cancel flag.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    var continuation: CheckedContinuation<HTTPResponse, Error>?
    private var handle: UnsafeMutableRawPointer?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    fileprivate var responseBody = Data()
    private var responseHeaders: [String: String] = [:]
    /// Header bytes received so far, all responses of the transfer together.
    fileprivate var headerBytes = 0
    /// Why the transfer was abandoned for size, if it was.
    fileprivate var overflow: String?

    /// Headers past this many bytes end the transfer: no real endpoint sends more.
    static let maxHeaderBytes = 256 * 1024
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
        // Timeouts in whole milliseconds, at least 1 ms (0 would mean none) and at most a day.
        _ = curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int.clamped(request.connectTimeout * 1000, to: 1...86_400_000))
        _ = curl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int.clamped(request.totalTimeout * 1000, to: 1...86_400_000))
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
            // A body past the bound is abandoned here, before it is held: returning less than given stops libcurl.
            guard transfer.responseBody.count <= transfer.request.maxResponseBytes - min(length, transfer.request.maxResponseBytes) else {
                transfer.overflow = "the body passed \(transfer.request.maxResponseBytes) bytes"
                return 0
            }
            transfer.responseBody.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
            return length
        }
        _ = curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = curl_easy_setopt_write_function(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            guard let data, let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            let length = size * count
            transfer.headerBytes = transfer.headerBytes.saturatingAdding(length)
            guard transfer.headerBytes <= CurlTransfer.maxHeaderBytes else {
                transfer.overflow = "the headers passed \(CurlTransfer.maxHeaderBytes) bytes"
                return 0
            }
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
            _ = curl_easy_setopt_pointer(
                handle, CURLOPT_COPYPOSTFIELDS,
                UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)))
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
        } else if let overflow {
            finish(.failure(TransportError(kind: .responseTooLarge, message: "\(overflow) (\(request.url))")))
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
