import ArgumentParser
import Foundation
import LLMClient

extension Runtime {
    /// Looks at the endpoint before the first line: a 401, 403 or 404 stops the command with the message and
    /// exit status 78; an outage is logged and the command goes on (answers degrade until the endpoint is back).
    func checkEndpoint(command: String) async throws {
        switch await client.startupCheck() {
        case .ready:
            return
        case .unreachable(let message):
            logger.error("\(message); lines will be answered degraded until it answers")
        case .misconfigured(let message):
            FileHandle.standardError.write(Data("rerank-agent \(command): \(message)\n".utf8))
            throw ExitStatus.misconfiguredEndpoint.code
        }
    }
}
