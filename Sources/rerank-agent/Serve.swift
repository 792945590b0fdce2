import ArgumentParser
import Foundation
import RerankCore
import RerankHTTP
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

            With --http [HOST:]PORT it serves HTTP instead (host 127.0.0.1 unless named; port 0 picks a free one): \
            POST /v1/rerank takes one request line and answers its line, POST /v1/rerank/batch takes and answers \
            NDJSON, GET /healthz, /readyz and /metrics (Prometheus). It prints "listening on http://HOST:PORT" on \
            stderr once it listens; SIGTERM stops it as above. See docs/http.md.
            """
    )

    @OptionGroup var options: CommonOptions

    @Option(name: .long, help: "Requests ranked at once. Overrides serve.concurrency.")
    var concurrency: Int?

    @Flag(name: .long, help: "Return the rendered prompts and raw model outputs with every answer.")
    var explain = false

    @Option(name: .long, help: "A SQLite response cache (as eval's --cache): successful calls are stored and answered from it.")
    var responseCache: String?

    @Option(name: .long, help: "Serve HTTP on [HOST:]PORT instead of stdin/stdout (host 127.0.0.1 unless named; port 0: a free one).")
    var http: String?

    func validate() throws {
        try FlagBounds.check(concurrency, flag: "--concurrency", key: "serve.concurrency")
        if let http {
            do {
                _ = try HTTPListenAddress(parsing: http)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func run() async throws {
        let runtime = try Runtime.start(options)
        var defaults = runtime.configuration.defaultOptions
        defaults.explain = explain
        let decoder = RequestDecoder(limits: runtime.configuration.requestLimits, defaults: defaults)
        let loop = ServeLoop(
            decoder: decoder, service: try runtime.service(responseCache: responseCache),
            concurrency: concurrency ?? runtime.configuration.serve.concurrency)
        if let http {
            try await serveHTTP(loop: loop, runtime: runtime, address: try HTTPListenAddress(parsing: http))
            return
        }
        let session = ServeSession(
            loop: loop, client: runtime.client, maxLineBytes: runtime.configuration.serve.maxLineBytes,
            graceSeconds: runtime.configuration.serve.shutdownGraceSeconds, logger: runtime.logger)
        let started = Date()
        switch await session.run() {
        case .misconfigured(let message):
            FileHandle.standardError.write(Data("rerank-agent serve: \(message)\n".utf8))
            throw ExitStatus.misconfiguredEndpoint.code
        case .served(let written, _):
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            FileHandle.standardError.write(Data("serve: \(loop.tally.summary), \(written) written; \(seconds) s\n".utf8))
        }
    }
}

extension Serve {
    /// `--http`: the same loop behind an HTTP server until a signal is handled.
    private func serveHTTP(loop: ServeLoop, runtime: Runtime, address: HTTPListenAddress) async throws {
        let serve = runtime.configuration.serve
        // Read here, at the edge, and handed on as a value whose description never shows it.
        let token = BearerToken(ProcessInfo.processInfo.environment[serve.httpTokenEnv])
        let session = HTTPServeSession(
            loop: loop, client: runtime.client,
            configuration: HTTPServeConfiguration(
                address: address, maxInFlight: serve.httpMaxInFlight, idleTimeoutSeconds: serve.httpIdleTimeoutSeconds,
                readTimeoutSeconds: serve.httpReadTimeoutSeconds, graceSeconds: serve.shutdownGraceSeconds, token: token),
            logger: runtime.logger)
        let started = Date()
        let outcome: HTTPServeSession.Outcome
        do {
            outcome = try await session.run { bound in
                FileHandle.standardError.write(Data("rerank-agent serve: listening on http://\(bound)\n".utf8))
            }
        } catch {
            throw ExitStatus.cannotListen.failure("serve --http cannot listen on \(address): \(error)")
        }
        switch outcome {
        case .misconfigured(let message):
            FileHandle.standardError.write(Data("rerank-agent serve: \(message)\n".utf8))
            throw ExitStatus.misconfiguredEndpoint.code
        case .served:
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            FileHandle.standardError.write(Data("serve: \(loop.tally.summary); \(seconds) s\n".utf8))
        }
    }
}

extension Serve: HandlesTerminationSignals {}
