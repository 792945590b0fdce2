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
            configuration or prompt-template error. An unreachable endpoint is reported on stderr and does not \
            stop serve: answers keep the upstream order, flagged degraded.
            """
    )

    @OptionGroup var options: CommonOptions

    @Option(name: .long, help: "Requests ranked at once. Overrides serve.concurrency.")
    var concurrency: Int?

    @Flag(name: .long, help: "Return the rendered prompts and raw model outputs with every answer.")
    var explain = false

    @Option(name: .long, help: "A SQLite response cache (as eval's --cache): successful calls are stored and answered from it.")
    var responseCache: String?

    func run() async throws {
        let runtime = try Runtime.start(options)
        var defaults = runtime.configuration.defaultOptions
        defaults.explain = explain
        let decoder = RequestDecoder(limits: runtime.configuration.requestLimits, defaults: defaults)
        let loop = ServeLoop(decoder: decoder, service: try runtime.service(responseCache: responseCache), concurrency: concurrency ?? runtime.configuration.serve.concurrency)
        runtime.logger.info("serving", metadata: ["endpoint": "\(runtime.endpoint.baseURL)", "model": "\(runtime.endpoint.model)"])
        if let problem = await runtime.client.probe() {
            runtime.logger.error("\(problem); answers will keep the upstream order, flagged degraded, until it answers")
        }
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
