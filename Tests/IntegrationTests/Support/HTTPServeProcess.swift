import Foundation

/// The built `rerank-agent serve --http 127.0.0.1:0` as an operator runs it, in front of a `FaultProxy` that
/// plays the model: listening on the port it reports on stderr.
final class HTTPServeProcess: @unchecked Sendable {
    let process = Process()
    let proxy: FaultProxy
    private(set) var port: UInt16 = 0
    private let lock = NSLock()
    private var errorText = Data()
    private let errorsDone = DispatchSemaphore(value: 0)

    /// A listwise ranking of two candidates, in one call.
    static let modelAnswer = FaultProxy.completionBody(content: "[2] > [1]", promptTokens: "40", completionTokens: "6", cachedTokens: "8")

    /// Starts the server; every model call is answered `modelAnswer` after `modelSeconds`.
    init(modelSeconds: Double = 0, arguments: [String] = [], environment extra: [String: String] = [:]) async throws {
        let answer = Self.modelAnswer
        proxy = try FaultProxy(upstream: "http://127.0.0.1:9/v1") { _ in
            modelSeconds > 0 ? .late(seconds: modelSeconds, body: answer) : .status(200, body: answer)
        }
        process.executableURL = URL(fileURLWithPath: ServeProcess.binary)
        process.arguments =
            [
                "serve", "--http", "127.0.0.1:0", "--base-url", proxy.baseURL, "--set", "endpoint.max_retries=0", "--set",
                "endpoint.connect_timeout_s=2",
            ] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["RERANK_AGENT_HOME"] = LocalServer.packageRoot.path
        environment["RERANK_HTTP_TOKEN"] = nil
        for (name, value) in extra { environment[name] = value }
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let handle = errors.fileHandleForReading
        Thread { [self] in
            while case let chunk = handle.availableData, !chunk.isEmpty {
                lock.withLock { errorText.append(chunk) }
            }
            errorsDone.signal()
        }.start()
        let listening = await AsyncWait.until(seconds: 60) { self.listeningPort != nil || !self.process.isRunning }
        guard listening, let port = listeningPort else {
            process.terminate()
            throw RawHTTP.Failure(description: "serve --http did not report a port: \(stderr)")
        }
        self.port = port
    }

    var stderr: String { lock.withLock { String(decoding: errorText, as: UTF8.self) } }

    private var listeningPort: UInt16? {
        let text = stderr
        guard let range = text.range(of: "listening on http://127.0.0.1:") else { return nil }
        return UInt16(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// Sends SIGTERM and waits for the exit; the exit status and everything written on stderr.
    func stop() async -> (status: Int32, stderr: String) {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        await AsyncWait.exit(of: process)
        proxy.stop()
        await AsyncWait.until(seconds: 5) { self.errorsDone.wait(timeout: .now()) == .success }
        return (process.terminationStatus, stderr)
    }

    /// Runs `rerank-agent serve --http …` that is expected to end by itself; its exit status and stderr.
    static func runToExit(_ arguments: [String]) async throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServeProcess.binary)
        process.arguments = ["serve"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["RERANK_AGENT_HOME"] = LocalServer.packageRoot.path
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let collected = ServeProcess.OutputCollector(handle: errors.fileHandleForReading)
        if await !AsyncWait.until(seconds: 30, { !process.isRunning }) { process.terminate() }
        await AsyncWait.exit(of: process)
        return (process.terminationStatus, collected.text())
    }

    /// A request line with two candidates, ranked listwise in one model call.
    static func requestLine(id: String) -> String {
        #"{"id":"\#(id)","user":{"history":[{"id":"h","title":"Toy Story (1995)"}]},"candidates":[{"id":"a","title":"Heat (1995)","score":0.9},{"id":"b","title":"Fargo (1996)","score":0.8}],"options":{"strategy":"listwise"}}"#
    }
}
