import ArgumentParser
import Foundation
import RerankCore
import RerankRuntime

/// `rerank-agent serve`: the JSON Lines loop from stdin to stdout, behind the start-up check and graceful shutdown.
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

    @Option(name: .long, help: "A SQLite response cache (as eval's --cache): successful calls are stored and answered from it.")
    var responseCache: String?

    func validate() throws {
        try FlagBounds.check(concurrency, flag: "--concurrency", key: "serve.concurrency")
    }

    func run() async throws {
        let runtime = try Runtime.start(options)
        var defaults = runtime.configuration.defaultOptions
        defaults.explain = explain
        let decoder = RequestDecoder(limits: runtime.configuration.requestLimits, defaults: defaults)
        let loop = ServeLoop(decoder: decoder, service: try runtime.service(responseCache: responseCache), concurrency: concurrency ?? runtime.configuration.serve.concurrency)
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
        let started = Date()
        let output = StandardOutput()
        let gate = StartupAnswerGate { output.writeLine($0) }
        // The start-up check runs beside the loop: an endpoint that never answers holds neither start-up nor a
        // signal. Answers wait for it, so a misconfigured endpoint (401, 403, 404) ends serve with none written.
        let client = runtime.client
        let check = Task { await client.startupCheck() }
        tasks.add(check)
        let serving = Task { await loop.run(lines) { gate.writeLine($0) } }
        tasks.add(serving)
        let verdict = await check.value
        switch verdict {
        case .ready:
            gate.open()
        case .unreachable(let message):
            if !Task.isCancelled { runtime.logger.error("\(message); answers will keep the upstream order, flagged degraded, until it answers") }
            gate.open()
        case .misconfigured(let message):
            gate.close()
            lines.stop()
            tasks.cancelAll()
            _ = await serving.value
            FileHandle.standardError.write(Data("rerank-agent serve: \(message)\n".utf8))
            throw ExitStatus.misconfiguredEndpoint.code
        }
        let written = await serving.value
        if shutdown.wasSignalled {
            // Answers are a prefix of the input: a caller resends every line after the last one answered.
            runtime.logger.notice(
                "stopped on a signal: the first \(written) non-blank input lines were answered; later lines were not, resend them",
                metadata: ["answers": "\(written)"])
        } else {
            runtime.logger.debug("input ended", metadata: ["answers": "\(written)"])
        }
        FileHandle.standardError.write(Data("serve: \(loop.tally.summary), \(written) written; \(String(format: "%.1f", Date().timeIntervalSince(started))) s\n".utf8))
    }
}

extension Serve: HandlesTerminationSignals {}
