import Foundation
import Hummingbird
import LLMClient
import Logging
import NIOCore
import RerankCore
import RerankRuntime
import ServiceLifecycle

/// One run of the service over HTTP: the Hummingbird server in a service group, the start-up check of the
/// endpoint beside it (read by `/readyz`), and graceful shutdown on SIGTERM and SIGINT: new connections and
/// requests are refused, requests in flight get `serve.shutdown_grace_s` to finish and are then answered
/// degraded, and the run ends once every answer is written.
public struct HTTPServeSession: Sendable {
    /// How a session ended.
    public enum Outcome: Sendable, Hashable {
        /// A signal was handled and every accepted request was answered.
        case served
        /// The endpoint refused the key or knows neither the model nor the path.
        case misconfigured(String)
    }

    public let loop: ServeLoop
    public let client: ChatClient
    public let configuration: HTTPServeConfiguration
    public let logger: Logger
    /// Seconds between looks at an endpoint that did not answer.
    static let recheckSeconds = 5.0
    /// The metrics `/metrics` exports.
    public let metrics = ServeMetrics()

    public init(loop: ServeLoop, client: ChatClient, configuration: HTTPServeConfiguration, logger: Logger) {
        self.loop = loop
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    /// Serves until a signal has been handled or the endpoint turns out misconfigured. `onListening` is told
    /// the address once the server listens (with the port the system chose for port 0).
    /// - Throws: the server's error when it cannot listen on the address.
    public func run(onListening: @escaping @Sendable (HTTPListenAddress) -> Void) async throws -> Outcome {
        let tasks = CancellableTasks()
        let state = HTTPServeState(maxInFlight: configuration.maxInFlight)
        let responder = ServeHTTPResponder(
            loop: loop, state: state, metrics: metrics, token: configuration.token,
            running: ConcurrencyLimiter(limit: loop.concurrency), tasks: tasks)
        let address = configuration.address
        let readTimeout = configuration.readTimeoutSeconds
        let application = Application(
            responder: responder,
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [RequestReadDeadline(seconds: readTimeout)],
                    idleTimeout: TimeAmount.milliseconds(Int64(configuration.idleTimeoutSeconds * 1000)))),
            configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port)),
            onServerRunning: { channel in
                onListening(HTTPListenAddress(host: address.host, port: channel.localAddress?.port ?? address.port))
            },
            logger: logger)
        // Signals reach the group through `GracefulShutdown`, the one place serve handles them.
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [.init(service: application)], logger: logger))
        let shutdown = GracefulShutdown(grace: configuration.graceSeconds, logger: logger) {
            state.startDraining()
            Task { await group.triggerGracefulShutdown() }
        } cancel: {
            tasks.cancelAll()
        }
        shutdown.install()
        signal(SIGPIPE, SIG_IGN)
        logger.info(
            "serving over HTTP",
            metadata: [
                "address": "\(address)", "endpoint": "\(client.endpoint.displayBaseURL)", "model": "\(client.endpoint.model)",
                "auth": "\(configuration.token == nil ? "none" : "bearer")",
            ])
        let client = self.client
        let logger = self.logger
        // Until the endpoint answers, it is looked at again every few seconds, so `/readyz` turns ready when
        // it comes back; a misconfigured endpoint stops the server as it stops the stdin path.
        let check = Task {
            var reported = false
            while !Task.isCancelled {
                let found = await client.startupCheck()
                state.startupCheck = found
                switch found {
                case .ready:
                    if reported { logger.notice("the endpoint answers now") }
                    return
                case .unreachable(let message):
                    if !reported, !Task.isCancelled {
                        logger.error("\(message); answers will keep the upstream order, flagged degraded, until it answers")
                    }
                    reported = true
                    try? await Task.sleep(for: .seconds(Self.recheckSeconds))
                case .misconfigured:
                    await group.triggerGracefulShutdown()
                    return
                }
            }
        }
        tasks.add(check)
        try await group.run()
        check.cancel()
        if case .misconfigured(let message) = state.startupCheck { return .misconfigured(message) }
        return .served
    }
}
