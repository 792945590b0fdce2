import ArgumentParser
import Foundation
import LLMClient
import RerankCore
import ResponseCaching

extension Runtime {
    /// The service for `serve` and `rerank`, answering from the SQLite response cache at `path` when one is given:
    /// a rerun or a retried Spark task then repeats no call that already succeeded. Exit 64 when it cannot be opened.
    func service(responseCache path: String?) throws -> RerankService {
        guard let path else { return service }
        do {
            let cache = try ResponseCache(path: path)
            logger.info("answering from the response cache where it can", metadata: ["cache": "\(path)"])
            return service(client: CachedChatClient(upstream: client, cache: cache, baseURL: endpoint.baseURL, model: endpoint.model))
        } catch {
            throw ExitStatus.usage.failure("cannot open the response cache \(path): \(error); check that its folder is writable")
        }
    }
}
