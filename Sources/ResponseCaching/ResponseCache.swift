import Crypto
import Foundation
import GRDB
import LLMClient

/// Successful chat completions stored in SQLite, keyed by a hash of the exact endpoint request, so a rerun
/// of an evaluation replays answers instead of paying for them again, and an interrupted run picks up where it stopped.
/// Only successes are stored: a failed call is retried on the next run, never replayed as an answer.
public final class ResponseCache: Sendable {
    public let path: String
    let database: DatabaseQueue

    /// Opens or creates the database at `path` (its folder is created too).
    public init(path: String) throws {
        self.path = path
        do {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            database = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
        } catch let error as ResponseCacheError {
            throw error
        } catch {
            throw ResponseCacheError(path: path, reason: "\(error)")
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "chat_response") { table in
                table.column("key", .text).primaryKey()
                table.column("base_url", .text).notNull()
                table.column("model", .text).notNull()
                table.column("response", .blob).notNull()
                table.column("latency_seconds", .double).notNull()
                table.column("retries", .integer).notNull()
                table.column("created_at", .double).notNull()
            }
        }
        return migrator
    }

    /// The cache key: SHA-256 of the base URL, the model and the request body exactly as the client sends it.
    public static func key(baseURL: String, model: String, request: ChatCompletionRequest) throws -> String {
        var bytes = Array(baseURL.utf8)
        bytes.append(0x0A)
        bytes += Array(model.utf8)
        bytes.append(0x0A)
        bytes += Array(try request.jsonBody())
        return hexDigest(bytes)
    }

    /// The stored completion for a key, with the latency and retries it had when it was made; nil when absent
    /// or unreadable (an unreadable row is treated as a miss and overwritten by the next success).
    public func lookup(_ key: String) async throws -> ChatCompletion? {
        let row = try database.read { db in
            try Row.fetchOne(db, sql: "SELECT response, latency_seconds, retries FROM chat_response WHERE key = ?", arguments: [key])
        }
        guard let row else { return nil }
        let body: Data = row["response"]
        guard let response = try? JSONDecoder().decode(ChatCompletionResponse.self, from: body), !response.choices.isEmpty else {
            return nil
        }
        return ChatCompletion(response: response, latencySeconds: row["latency_seconds"], retries: row["retries"])
    }

    /// Stores a successful completion.
    public func store(_ completion: ChatCompletion, key: String, baseURL: String, model: String) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = try encoder.encode(completion.response)
        let created = Date().timeIntervalSince1970
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO chat_response (key, base_url, model, response, latency_seconds, retries, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [key, baseURL, model, body, completion.latencySeconds, completion.retries, created])
        }
    }

    /// How many completions are stored.
    public func count() async throws -> Int {
        try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chat_response") ?? 0 }
    }
}

extension ResponseCache {
    /// The SHA-256 of `bytes` as 64 lowercase hex digits: the form cache keys are stored in.
    static func hexDigest<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digest = SHA256.hash(data: Array(bytes))
        var text = ""
        text.reserveCapacity(64)
        for byte in digest {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return text
    }

    private static let hexDigits = Array("0123456789abcdef")
}
