import ArgumentParser
import Foundation
import RerankCore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reads rerank requests as JSON Lines on stdin and writes one answer line per request on stdout.",
        discussion: """
            Logs go to stderr. On SIGTERM or SIGINT it stops reading, lets requests in flight finish for \
            serve.shutdown_grace_s seconds, answers the rest degraded, and exits 0; a second signal cuts the grace \
            short. Exit status: 0 when the input ended, stdout closed or a signal was handled; 64 for a \
            configuration or prompt-template error; 78 when the endpoint answers 401, 403 or 404 at start (wrong key, \
            model or base URL). An unreachable endpoint is reported on stderr and does not stop serve: answers keep \
            the upstream order, flagged degraded. At the end one line on stderr sums up answers, degraded answers and errors.
            """
    )

    @OptionGroup var options: CommonOptions

    @Option(name: .long, help: "Requests ranked at once. Overrides serve.concurrency.")
    var concurrency: Int?

    @Flag(name: .long, help: "Return the rendered prompts and raw model outputs with every answer.")
    var explain = false

    func run() async throws {
        let runtime = try Runtime.start(options)
        var defaults = runtime.configuration.defaultOptions
        defaults.explain = explain
        let decoder = RequestDecoder(limits: runtime.configuration.requestLimits, defaults: defaults)
        let loop = ServeLoop(decoder: decoder, service: runtime.service, concurrency: concurrency ?? runtime.configuration.serve.concurrency)
        runtime.logger.info("serving", metadata: ["endpoint": "\(runtime.endpoint.baseURL)", "model": "\(runtime.endpoint.model)"])
        try await runtime.checkEndpoint(command: "serve")
        let started = Date()
        signal(SIGPIPE, SIG_IGN)
        let output = StandardOutput()
        let lines = FileDescriptorLines(fileDescriptor: 0, maxLineBytes: runtime.configuration.serve.maxLineBytes)
        let serving = Task { await loop.run(lines) { output.writeLine($0) } }
        let shutdown = GracefulShutdown(grace: runtime.configuration.serve.shutdownGraceSeconds, logger: runtime.logger) {
            lines.stop()
        } cancel: {
            serving.cancel()
        }
        shutdown.install()
        let written = await serving.value
        runtime.logger.debug("input ended", metadata: ["answers": "\(written)"])
        FileHandle.standardError.write(Data("serve: \(loop.tally.summary), \(written) written; \(String(format: "%.1f", Date().timeIntervalSince(started))) s\n".utf8))
    }
}

/// Writes whole lines to stdout, flushed at once; reports a closed stdout instead of dying of SIGPIPE.
final class StandardOutput: @unchecked Sendable {
    private let lock = NSLock()

    func writeLine(_ line: String) -> Bool {
        lock.withLock {
            var bytes = Array(line.utf8)
            bytes.append(UInt8(ascii: "\n"))
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }
}
