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

    func run() async throws {
        let runtime = try Runtime.start(options)
        var defaults = runtime.configuration.defaultOptions
        defaults.explain = explain
        let decoder = RequestDecoder(limits: runtime.configuration.requestLimits, defaults: defaults)
        let loop = ServeLoop(decoder: decoder, service: runtime.service, concurrency: concurrency ?? runtime.configuration.serve.concurrency)
        let lines = FileDescriptorLines(fileDescriptor: 0, maxLineBytes: runtime.configuration.serve.maxLineBytes)
        let tasks = CancellableTasks()
        // The graceful path is in force before the first instruction that can block (the probe).
        let shutdown = GracefulShutdown(grace: runtime.configuration.serve.shutdownGraceSeconds, logger: runtime.logger) {
            lines.stop()
        } cancel: {
            tasks.cancelAll()
        }
        shutdown.install()
        signal(SIGPIPE, SIG_IGN)
        runtime.logger.info("serving", metadata: ["endpoint": "\(runtime.endpoint.displayBaseURL)", "model": "\(runtime.endpoint.model)"])
        // The probe runs beside the loop: an endpoint that never answers holds neither start-up nor a signal.
        let logger = runtime.logger
        let client = runtime.client
        let probe = Task {
            if let problem = await client.probe(), !Task.isCancelled {
                logger.error("\(problem); answers will keep the upstream order, flagged degraded, until it answers")
            }
        }
        tasks.add(probe)
        let output = StandardOutput()
        let serving = Task { await loop.run(lines) { output.writeLine($0) } }
        tasks.add(serving)
        let written = await serving.value
        probe.cancel()
        if shutdown.wasSignalled {
            // Answers are a prefix of the input: a caller resends every line after the last one answered.
            runtime.logger.notice(
                "stopped on a signal: the first \(written) non-blank input lines were answered; later lines were not, resend them",
                metadata: ["answers": "\(written)"])
        } else {
            runtime.logger.debug("input ended", metadata: ["answers": "\(written)"])
        }
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
