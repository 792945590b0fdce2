import Foundation

/// How `serve --http` listens and what it admits; read from the `serve.*` keys and the command line.
public struct HTTPServeConfiguration: Sendable {
    public var address: HTTPListenAddress
    /// Requests admitted at once, ranked or waiting; beyond, 429 (`serve.http_max_in_flight`).
    public var maxInFlight: Int
    /// Seconds a connection may stay silent before it is closed (`serve.http_idle_timeout_s`).
    public var idleTimeoutSeconds: Double
    /// Seconds a request may take to arrive whole once the connection waits for it (`serve.http_read_timeout_s`).
    public var readTimeoutSeconds: Double
    /// Seconds requests in flight may take after a signal before they are answered degraded.
    public var graceSeconds: Double
    /// The bearer token `/v1/*` and `/metrics` require; nil: no auth.
    public var token: BearerToken?

    public init(
        address: HTTPListenAddress, maxInFlight: Int = 64, idleTimeoutSeconds: Double = 30, readTimeoutSeconds: Double = 30,
        graceSeconds: Double = 10,
        token: BearerToken? = nil
    ) {
        self.address = address
        self.maxInFlight = maxInFlight
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.readTimeoutSeconds = readTimeoutSeconds
        self.graceSeconds = graceSeconds
        self.token = token
    }
}
