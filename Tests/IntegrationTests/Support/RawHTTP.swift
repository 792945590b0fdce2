import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A raw HTTP/1.1 client over a loopback socket: it writes exactly the bytes a test gives it (hostile ones
/// included) and reads the server's replies, chunked or not, pipelined or not. Its blocking calls run on a
/// thread of their own, off Swift's cooperative pool.
enum RawHTTP {
    struct Reply {
        var status: Int
        /// Header names in lower case.
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A connected socket to 127.0.0.1:`port` whose reads give up after `timeout` seconds.
    static func connect(port: UInt16, timeout: Double = 15) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: \(errno)") }
        var wait = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw Failure(description: "connect to port \(port): errno \(errno)")
        }
        return descriptor
    }

    /// Reads until the server closes the connection or the read times out; `closed` says which.
    static func readToEnd(_ descriptor: Int32) -> (data: Data, closed: Bool) {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
            } else if count == 0 {
                return (data, true)
            } else if errno == EINTR {
                continue
            } else {
                // A reset is the server closing too; a timeout is not.
                return (data, errno == ECONNRESET)
            }
        }
    }

    /// Sends `start`, then one byte of `trickle` every `interval` seconds, never silent for longer, and returns
    /// the seconds after which the server closed the connection; nil when every byte went out and it stayed open.
    static func trickle(port: UInt16, start: String, trickle: String, interval: Double) throws -> Double? {
        let descriptor = try connect(port: port, timeout: 1)
        defer { close(descriptor) }
        let began = Date()
        guard FaultProxy.sendAll(descriptor, Data(start.utf8)) else { return 0 }
        var scratch = [UInt8](repeating: 0, count: 4096)
        for byte in trickle.utf8 {
            Thread.sleep(forTimeInterval: interval)
            let peeked = recv(descriptor, &scratch, scratch.count, Int32(MSG_DONTWAIT))
            let closed = peeked == 0 || (peeked < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            if closed || !FaultProxy.sendAll(descriptor, [byte]) { return Date().timeIntervalSince(began) }
        }
        return nil
    }

    /// A chunked `/v1/rerank/batch` of two lines, "one" and "two": the second is sent only once the first one's
    /// answer has arrived and `pause` seconds more have passed. Returns what had arrived before the second line
    /// was sent, and the answer ids in the order they came.
    static func batchInTwo(port: UInt16, pause: Double) throws -> (early: String, ids: [String]) {
        let socket = try connect(port: port, timeout: 30)
        defer { close(socket) }
        func chunk(_ text: String) -> Data { Data("\(String(text.utf8.count, radix: 16))\r\n\(text)\r\n".utf8) }
        let head =
            "POST /v1/rerank/batch HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-ndjson\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n"
        _ = FaultProxy.sendAll(socket, Data(head.utf8) + chunk(HTTPServeProcess.requestLine(id: "one") + "\n"))
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !String(decoding: received, as: UTF8.self).contains(#""id":"one""#) {
            let count = recv(socket, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            received.append(contentsOf: buffer[0..<count])
        }
        let early = String(decoding: received, as: UTF8.self)
        if pause > 0 { Thread.sleep(forTimeInterval: pause) }
        _ = FaultProxy.sendAll(socket, chunk(HTTPServeProcess.requestLine(id: "two") + "\n") + Data("0\r\n\r\n".utf8))
        received.append(readToEnd(socket).data)
        let ids =
            try parse(received).first?.text.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? String
            } ?? []
        return (early, ids)
    }

    /// Sends `bytes` on a fresh connection and reads every reply until the server closes it.
    static func exchange(port: UInt16, _ bytes: Data, timeout: Double = 15) async throws -> [Reply] {
        try await offPool {
            let descriptor = try connect(port: port, timeout: timeout)
            defer { close(descriptor) }
            guard FaultProxy.sendAll(descriptor, bytes) else { throw Failure(description: "send failed") }
            return try parse(readToEnd(descriptor).data)
        }
    }

    /// One request with `Connection: close`, its one reply.
    static func request(
        port: UInt16, _ method: String, _ path: String, headers: [String: String] = [:], body: String? = nil, timeout: Double = 15
    ) async throws -> Reply {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        var fields = headers
        if let body, fields["Content-Length"] == nil, fields["Transfer-Encoding"] == nil { fields["Content-Length"] = "\(body.utf8.count)" }
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        let replies = try await exchange(port: port, Data((head + "\r\n" + (body ?? "")).utf8), timeout: timeout)
        guard let reply = replies.first else { throw Failure(description: "no reply to \(method) \(path)") }
        return reply
    }

    /// Every complete reply in `data`, in order.
    static func parse(_ data: Data) throws -> [Reply] {
        var replies: [Reply] = []
        var rest = data[...]
        while let split = rest.range(of: Data("\r\n\r\n".utf8)) {
            let head = String(decoding: rest[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
            guard let statusLine = head.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
                throw Failure(description: "not a status line: \(head.first ?? "")")
            }
            var headers: [String: String] = [:]
            for line in head.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            rest = rest[split.upperBound...]
            var body = Data()
            if headers["transfer-encoding"]?.lowercased() == "chunked" {
                while let lineEnd = rest.range(of: Data("\r\n".utf8)),
                    let size = Int(String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self), radix: 16)
                {
                    rest = rest[lineEnd.upperBound...]
                    if size == 0 {
                        rest = rest.dropFirst(2)
                        break
                    }
                    body.append(rest.prefix(size))
                    rest = rest.dropFirst(size + 2)
                }
            } else if let length = headers["content-length"].flatMap(Int.init) {
                body = Data(rest.prefix(length))
                rest = rest.dropFirst(length)
            } else {
                body = Data(rest)
                rest = rest.suffix(0)
            }
            replies.append(Reply(status: status, headers: headers, body: body))
        }
        return replies
    }

    /// Runs blocking socket work on a thread of its own.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
