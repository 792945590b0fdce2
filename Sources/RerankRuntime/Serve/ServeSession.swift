import Foundation
import JSONLines
import LLMClient
import Logging
import RerankCore

/// One run of the service over standard input and output: the loop, the start-up check of the endpoint beside
/// it, the gate that holds answers until the check has spoken, and graceful shutdown on SIGTERM and SIGINT.
/// `serve` runs one; everything a session of another face needs (the gate, the shutdown, the tasks to cancel)
/// lives beside it here.
public struct ServeSession: Sendable {
    /// How a session ended.
    public enum Outcome: Sendable, Hashable {
        /// The input ended, stdout closed or a signal was handled; `written` answers went out, in input order.
        case served(written: Int, signalled: Bool)
        /// The endpoint refused the key or knows neither the model nor the path: nothing was written.
        case misconfigured(String)
    }

    public let loop: ServeLoop
    public let client: ChatClient
    /// The longest input line read; a longer one is answered with `line_too_long`.
    public let maxLineBytes: Int
    /// Seconds requests in flight may take after a signal before they are answered degraded.
    public let graceSeconds: Double
    public let logger: Logger

    public init(loop: ServeLoop, client: ChatClient, maxLineBytes: Int, graceSeconds: Double, logger: Logger) {
        self.loop = loop
        self.client = client
        self.maxLineBytes = maxLineBytes
        self.graceSeconds = graceSeconds
        self.logger = logger
    }

    /// Serves lines from `inputDescriptor` to standard output until the input ends, output closes or a signal
    /// is handled.
    public func run(inputDescriptor: Int32 = 0) async -> Outcome {
        let lines = FileDescriptorLines(fileDescriptor: inputDescriptor, maxLineBytes: maxLineBytes)
        let tasks = CancellableTasks()
        // The graceful path is in force before the first instruction that can block (the probe).
        let shutdown = GracefulShutdown(grace: graceSeconds, logger: logger) {
            lines.stop()
        } cancel: {
            tasks.cancelAll()
        }
        shutdown.install()
        signal(SIGPIPE, SIG_IGN)
        logger.info("serving", metadata: ["endpoint": "\(client.endpoint.displayBaseURL)", "model": "\(client.endpoint.model)"])
        let output = StandardOutput()
        let gate = StartupAnswerGate { output.writeLine($0) }
        // The start-up check runs beside the loop: an endpoint that never answers holds neither start-up nor a
        // signal. Answers wait for it, so a misconfigured endpoint (401, 403, 404) ends serve with none written.
        let client = self.client
        let check = Task { await client.startupCheck() }
        tasks.add(check)
        let loop = self.loop
        let serving = Task { await loop.run(lines) { gate.writeLine($0) } }
        tasks.add(serving)
        switch await check.value {
        case .ready:
            gate.open()
        case .unreachable(let message):
            if !Task.isCancelled { logger.error("\(message); answers will keep the upstream order, flagged degraded, until it answers") }
            gate.open()
        case .misconfigured(let message):
            gate.close()
            lines.stop()
            tasks.cancelAll()
            _ = await serving.value
            return .misconfigured(message)
        }
        let written = await serving.value
        if shutdown.wasSignalled {
            // Answers are a prefix of the input: a caller resends every line after the last one answered.
            logger.notice(
                "stopped on a signal: the first \(written) non-blank input lines were answered; later lines were not, resend them",
                metadata: ["answers": "\(written)"])
        } else {
            logger.debug("input ended", metadata: ["answers": "\(written)"])
        }
        return .served(written: written, signalled: shutdown.wasSignalled)
    }
}
