import Foundation
import GRDB

extension ResponseCache {
    /// Copies the stored answers this cache lacks from the cache at `source`, keeping their keys, latencies and
    /// creation times; answers it already holds stay as they are. `createdSince` (seconds since 1970) limits the copy
    /// to answers stored from then on, so one run's answers can be saved apart from the rest and carried to another
    /// machine, where the same copy into its cache lets an interrupted evaluation continue. Returns how many were copied.
    @discardableResult
    public func copyAnswers(from source: String, createdSince: Double? = nil) async throws -> Int {
        guard FileManager.default.fileExists(atPath: source) else {
            throw ResponseCacheError(path: source, reason: "no such file")
        }
        // Opening it runs the migrations, so a source of another layout fails here with its own path named.
        _ = try ResponseCache(path: source)
        do {
            return try await database.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS source", arguments: [source])
                defer { try? db.execute(sql: "DETACH DATABASE source") }
                var copied = 0
                try db.inTransaction {
                    try db.execute(
                        sql: """
                            INSERT OR IGNORE INTO main.chat_response (key, base_url, model, response, latency_seconds, retries, created_at)
                            SELECT key, base_url, model, response, latency_seconds, retries, created_at
                            FROM source.chat_response WHERE created_at >= ?
                            """,
                        arguments: [createdSince ?? -Double.greatestFiniteMagnitude])
                    copied = db.changesCount
                    return .commit
                }
                return copied
            }
        } catch {
            throw ResponseCacheError(path: source, reason: "\(error)")
        }
    }
}
