import Foundation
import LLMClient
import RerankCore
import RerankRuntime
import Testing

@Suite("Recommendation reasons against the local model", .enabled(if: LocalServer.isAvailable))
struct ReasonWriterTests {
    @Test("every reason returned was asked for, fits the limit, and every id asked for is answered or flagged")
    func reasons() async throws {
        let baseURL = try LocalServer.requireBaseURL()
        let prompts = try PromptLibrary(directory: LocalServer.packageRoot.appendingPathComponent("Prompts").path)
        let writer = ReasonWriter(
            client: ChatClient(endpoint: LocalServer.endpoint(baseURL: baseURL)), prompts: prompts, model: "SmolLM2-135M-Instruct",
            configuration: ReasonConfiguration(maxCharacters: 160))
        let request = LocalServer.request(id: "reasons")
        let result = await writer.reasons(for: request, ranked: request.candidates, count: 3, deadline: .now + .seconds(90))
        let asked = Set(request.candidates.prefix(3).map(\.id))
        #expect(result.reasons.allSatisfy { asked.contains($0.id) })
        #expect(result.reasons.allSatisfy { $0.text.count <= 160 && !$0.text.isEmpty })
        #expect(Set(result.reasons.map(\.id) + result.omitted.map(\.id)) == asked)
        #expect(result.reasons.count + result.omitted.count == 3)
        #expect(result.usage.llmCalls <= 2)
    }
}
