/// Where `serve --http` listens: `[HOST:]PORT`, the host 127.0.0.1 unless named, so a server is reachable from
/// other machines only when asked to be. An IPv6 host is written in brackets: `[::1]:8080`.
public struct HTTPListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    /// 0 asks the system for a free port; the one chosen is reported once listening.
    public var port: Int

    public static let defaultHost = "127.0.0.1"

    public init(host: String = Self.defaultHost, port: Int) {
        self.host = host
        self.port = port
    }

    /// Reads `[HOST:]PORT`; the error says what was expected.
    public init(parsing text: String) throws(HTTPListenAddressError) {
        var host = Self.defaultHost
        var portText = Substring(text)
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw HTTPListenAddressError(text: text) }
            portText = rest.dropFirst()
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains(":") || text.hasPrefix("["), let port = Int(portText), (0...65535).contains(port) else {
            throw HTTPListenAddressError(text: text)
        }
        self.init(host: host, port: port)
    }

    /// `127.0.0.1:8080`, `[::1]:8080`.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// `--http` was given something other than `[HOST:]PORT`.
public struct HTTPListenAddressError: Error, CustomStringConvertible {
    public let text: String

    public var description: String {
        "--http takes [HOST:]PORT with PORT in 0–65535 (e.g. 8080, 0.0.0.0:8080, [::1]:8080), not '\(text)'"
    }
}
