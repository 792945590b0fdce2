import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An HTTP/1.1 proxy on loopback in front of the real llama-server that injects faults by script:
/// each request takes the next fault from a chooser; `.pass` forwards it untouched.
final class FaultProxy: @unchecked Sendable {
    enum Fault: Sendable, Hashable {
        case pass
        case status(Int, headers: [String: String] = [:], body: String = #"{"error":{"message":"injected"}}"#)
        /// Close the connection without answering.
        case reset
        /// Send the upstream headers, then close mid-body.
        case resetMidBody
        /// Wait this long before doing anything (past the client's timeout).
        case stall(seconds: Double)
        /// A 200 with `body` after `seconds`: a slow model, and no upstream needed.
        case late(seconds: Double, body: String)
        /// A 200 whose body is cut off.
        case truncatedBody
        /// A 200 whose body is not JSON.
        case garbageBody
        /// A 200 with valid JSON but no choices.
        case noChoices
        /// The upstream answer, a few bytes at a time.
        case slowDrip(bytesPerChunk: Int, delay: Double)
        /// The upstream answer with every choice's `logprobs` removed: a server path that does not return them.
        case stripLogprobs
        /// A 200 whose body is this many bytes of a never-ending JSON string, sent in chunks.
        case hugeBody(bytes: Int)
        /// A 200 chat completion whose text is `template` with `{KEY}` replaced by the request's bearer
        /// token, as an echoing gateway would: the key, whole, in the model's answer.
        case echoAuthorization(template: String)
    }

    /// A chat completion with `content` and the given usage numbers written as they are (any JSON number).
    static func completionBody(content: String, promptTokens: String = "10", completionTokens: String = "5", cachedTokens: String = "0")
        -> String
    {
        let text = String(
            decoding: (try? JSONSerialization.data(withJSONObject: [content], options: [.fragmentsAllowed])) ?? Data("[\"\"]".utf8),
            as: UTF8.self)
        let quoted = String(text.dropFirst().dropLast())
        return
            #"{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":\#(quoted)},"finish_reason":"stop"}],"usage":{"prompt_tokens":\#(promptTokens),"completion_tokens":\#(completionTokens),"prompt_tokens_details":{"cached_tokens":\#(cachedTokens)}}}"#
    }

    private let upstreamHost: String
    private let upstreamPort: UInt16
    private let listener: Int32
    let port: UInt16
    private let lock = NSLock()
    private var chooser: @Sendable (Int) -> Fault
    private var requestCount = 0
    private var injected: [Fault] = []
    private var stopped = false
    private var clients: Set<Int32> = []

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// - Parameter upstream: the real server's base URL, e.g. http://127.0.0.1:8012/v1.
    init(upstream: String, chooser: @escaping @Sendable (Int) -> Fault = { _ in .pass }) throws {
        guard let url = URL(string: upstream), let host = url.host, let port = url.port else {
            throw NSError(domain: "FaultProxy", code: 1, userInfo: [NSLocalizedDescriptionKey: "bad upstream \(upstream)"])
        }
        upstreamHost = host
        upstreamPort = UInt16(port)
        self.chooser = chooser
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else {
            throw NSError(domain: "FaultProxy", code: 2, userInfo: [NSLocalizedDescriptionKey: "cannot listen"])
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        self.port = UInt16(bigEndian: actual.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    func setChooser(_ chooser: @escaping @Sendable (Int) -> Fault) {
        lock.withLock { self.chooser = chooser }
    }

    var faultsInjected: [Fault] { lock.withLock { injected } }
    var requestsSeen: Int { lock.withLock { requestCount } }

    /// Goes away like a stopped server: open connections are cut and later ones refused.
    ///
    /// Descriptors are shut down here but closed only by the threads that use them, and client descriptors only
    /// under the lock: a number closed under a thread could be reused by a test running beside this one.
    func stop() {
        lock.withLock {
            stopped = true
            for client in clients { shutdown(client, Int32(SHUT_RDWR)) }
        }
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if lock.withLock({ stopped }) { return }
                continue
            }
            let accepted = lock.withLock { () -> Bool in
                guard !stopped else { return false }
                clients.insert(client)
                return true
            }
            guard accepted else {
                close(client)
                return
            }
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private func serve(_ client: Int32) {
        defer {
            lock.withLock {
                clients.remove(client)
                close(client)
            }
        }
        var buffer = Data()
        while let request = Self.readRequest(client, &buffer) {
            if lock.withLock({ stopped }) { return }
            let fault = lock.withLock { () -> Fault in
                let fault = chooser(requestCount)
                requestCount += 1
                if fault != .pass { injected.append(fault) }
                return fault
            }
            guard handle(fault, request: request, client: client) else { return }
        }
    }

    /// Performs one fault; false when the client connection must close.
    private func handle(_ fault: Fault, request: Data, client: Int32) -> Bool {
        switch fault {
        case .pass:
            guard let response = forward(request) else { return false }
            return Self.sendAll(client, response)
        case .status(let code, let headers, let body):
            var head = "HTTP/1.1 \(code) Injected\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            return Self.sendAll(client, Data((head + "\r\n" + body).utf8))
        case .reset:
            var linger = linger(l_onoff: 1, l_linger: 0)
            setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
            return false
        case .resetMidBody:
            guard let response = forward(request) else { return false }
            _ = Self.sendAll(client, response.prefix(response.count / 2 + 1))
            var linger = linger(l_onoff: 1, l_linger: 0)
            setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
            return false
        case .stall(let seconds):
            Thread.sleep(forTimeInterval: seconds)
            return false
        case .late(let seconds, let body):
            Thread.sleep(forTimeInterval: seconds)
            return handle(.status(200, body: body), request: request, client: client)
        case .truncatedBody:
            let body = #"{"choices":[{"index":0,"message":{"role":"assistant","content":"[1] > "#
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
            _ = Self.sendAll(client, Data((head + body).utf8))
            return false
        case .garbageBody:
            return Self.sendAll(
                client, Data("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 21\r\n\r\n<html>oops</html>\r\n\r\n".utf8))
        case .noChoices:
            let body = #"{"id":"x","object":"chat.completion","usage":{"prompt_tokens":1,"completion_tokens":0}}"#
            return Self.sendAll(
                client, Data("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8))
        case .stripLogprobs:
            guard let response = forward(request).flatMap(Self.withoutLogprobs) else { return false }
            return Self.sendAll(client, response)
        case .hugeBody(let bytes):
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(bytes)\r\nConnection: close\r\n\r\n"
            guard Self.sendAll(client, Data((head + #"{"choices":"#).utf8)) else { return false }
            let chunk = Data(repeating: UInt8(ascii: "a"), count: 1 << 20)
            var sent = 11
            while sent < bytes {
                guard Self.sendAll(client, chunk.prefix(bytes - sent)) else { return false }
                sent += min(chunk.count, bytes - sent)
            }
            return false
        case .echoAuthorization(let template):
            let head = String(decoding: request.prefix(16_384), as: UTF8.self)
            let authorization =
                head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("authorization:") }
                .map { String($0.dropFirst("authorization:".count)).trimmingCharacters(in: .whitespaces) } ?? "no authorization header"
            let key = authorization.hasPrefix("Bearer ") ? String(authorization.dropFirst("Bearer ".count)) : authorization
            let body = Self.completionBody(content: template.replacingOccurrences(of: "{KEY}", with: key))
            return Self.sendAll(
                client, Data("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8))
        case .slowDrip(let size, let delay):
            guard let response = forward(request) else { return false }
            var offset = 0
            while offset < response.count {
                let end = min(response.count, offset + max(1, size))
                guard Self.sendAll(client, response[offset..<end]) else { return false }
                offset = end
                Thread.sleep(forTimeInterval: delay)
            }
            return true
        }
    }

    /// The upstream response with `choices[].logprobs` dropped and the Content-Length set anew.
    static func withoutLogprobs(_ response: Data) -> Data? {
        guard let split = response.range(of: Data("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: response[..<split.lowerBound], as: UTF8.self)
        guard var object = try? JSONSerialization.jsonObject(with: response[split.upperBound...]) as? [String: Any] else { return nil }
        if let choices = object["choices"] as? [[String: Any]] {
            object["choices"] = choices.map { choice in choice.filter { $0.key != "logprobs" } }
        }
        guard let body = try? JSONSerialization.data(withJSONObject: object) else { return nil }
        let headers = head.split(separator: "\r\n").filter { !$0.lowercased().hasPrefix("content-length:") }
        return Data((headers.joined(separator: "\r\n") + "\r\nContent-Length: \(body.count)\r\n\r\n").utf8) + body
    }

    /// Sends the request upstream on a fresh connection and returns the whole response with a Content-Length.
    private func forward(_ request: Data) -> Data? {
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(upstream) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(upstreamHost == "localhost" ? "127.0.0.1" : upstreamHost)
        address.sin_port = upstreamPort.bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0, Self.sendAll(upstream, request) else { return nil }
        var buffer = Data()
        return Self.readResponse(upstream, &buffer)
    }

    static func sendAll<Bytes: DataProtocol>(_ socket: Int32, _ data: Bytes) -> Bool {
        let bytes = Array(data)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    private static func fill(_ socket: Int32, _ buffer: inout Data) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    /// One HTTP message (head + Content-Length body) from the buffer or the socket.
    private static func readMessage(_ socket: Int32, _ buffer: inout Data) -> Data? {
        let separator = Data("\r\n\r\n".utf8)
        while buffer.range(of: separator) == nil {
            guard fill(socket, &buffer) else { return nil }
        }
        guard let headEnd = buffer.range(of: separator)?.upperBound else { return nil }
        let head = String(decoding: buffer[buffer.startIndex..<headEnd], as: UTF8.self).lowercased()
        var length = 0
        for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
            length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        while buffer.count - (headEnd - buffer.startIndex) < length {
            guard fill(socket, &buffer) else { return nil }
        }
        let end = headEnd + length
        let message = Data(buffer[buffer.startIndex..<end])
        buffer = Data(buffer[end...])
        return message
    }

    static func readRequest(_ socket: Int32, _ buffer: inout Data) -> Data? { readMessage(socket, &buffer) }
    static func readResponse(_ socket: Int32, _ buffer: inout Data) -> Data? { readMessage(socket, &buffer) }
}
