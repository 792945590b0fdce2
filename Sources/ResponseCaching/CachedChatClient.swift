import Foundation
import LLMClient

/// A `ChatCompleting` in front of the real client: answers from the response cache when it can, calls the
/// endpoint otherwise and stores what succeeded. Identical requests in flight at the same time share one call.
public struct CachedChatClient: ChatCompleting {
    /// Counts of how calls were answered.
    public struct Statistics: Sendable, Hashable {
        /// Answered from the cache, or by sharing an identical call in flight.
        public var hits = 0
        /// Sent to the endpoint.
        public var misses = 0
        /// Calls that ended in an error (never stored).
        public var failures = 0

        public init() {}
    }

    private let upstream: any ChatCompleting
    private let cache: ResponseCache?
    private let baseURL: String
    private let model: String
    private let coordinator = Coordinator()

    /// - Parameters:
    ///   - cache: nil still counts calls and shares identical ones in flight, but stores nothing.
    ///   - baseURL: the endpoint's root; credentials in it are taken out before it keys or enters the cache,
    ///     so a cache file holds no secret and a key rotation keeps the stored answers.
    public init(upstream: any ChatCompleting, cache: ResponseCache?, baseURL: String, model: String) {
        self.upstream = upstream
        self.cache = cache
        self.baseURL = Redactor.redactingURLCredentials(baseURL)
        self.model = model
    }

    public var statistics: Statistics {
        get async { await coordinator.statistics }
    }

    public func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        let key: String
        do {
            key = try ResponseCache.key(baseURL: baseURL, model: model, request: request)
        } catch {
            throw LLMClientError(kind: .badRequest, message: "the chat request could not be encoded: \(error)")
        }
        let (task, joined) = await coordinator.task(for: key) { [upstream, cache, baseURL, model] in
            if let cache, let stored = try? await cache.lookup(key) {
                return (stored, true)
            }
            let completion = try await upstream.complete(request)
            // A failure to store costs a future call, not this answer.
            try? await cache?.store(completion, key: key, baseURL: baseURL, model: model)
            return (completion, false)
        }
        do {
            let (completion, fromCache) = try await task.value
            let hit = joined || fromCache
            await coordinator.count(endpointCall: !hit, failed: false)
            CallLedger.current?.record(.init(latencySeconds: completion.latencySeconds, fromCache: hit, failed: false))
            return completion
        } catch {
            await coordinator.count(endpointCall: !joined, failed: true)
            CallLedger.current?.record(.init(latencySeconds: 0, fromCache: joined, failed: true))
            throw error
        }
    }

    /// Keeps one task per key in flight and the counts.
    private actor Coordinator {
        typealias Outcome = (ChatCompletion, Bool)
        private var running: [String: Task<Outcome, any Error>] = [:]
        private(set) var statistics = Statistics()

        func task(for key: String, work: @escaping @Sendable () async throws -> Outcome) -> (Task<Outcome, any Error>, joined: Bool) {
            if let existing = running[key] { return (existing, true) }
            let task = Task<Outcome, any Error> {
                do {
                    let outcome = try await work()
                    self.finished(key)
                    return outcome
                } catch {
                    self.finished(key)
                    throw error
                }
            }
            running[key] = task
            return (task, false)
        }

        private func finished(_ key: String) {
            running[key] = nil
        }

        func count(endpointCall: Bool, failed: Bool) {
            if endpointCall { statistics.misses += 1 } else if !failed { statistics.hits += 1 }
            if failed { statistics.failures += 1 }
        }
    }
}
