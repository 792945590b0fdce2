import Foundation
import LLMClient
import RerankCore
import RerankRuntime
import Testing

/// The real local llama-server the suite runs against, started by scripts/test.sh.
enum LocalServer {
    /// Its base URL; nil when the suite runs without it (then integration tests are skipped, unless required).
    static let baseURL: String? = ProcessInfo.processInfo.environment["RERANK_TEST_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// In CI, and whenever scripts/test.sh runs the suite, a missing server is a failure, not a skip.
    static let isRequired: Bool = {
        let environment = ProcessInfo.processInfo.environment
        return environment["RERANK_TEST_REQUIRE_SERVER"] == "1" || environment["CI"] == "true"
    }()

    static var isAvailable: Bool { baseURL != nil || isRequired }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func requireBaseURL() throws -> String {
        try #require(baseURL, "RERANK_TEST_BASE_URL is not set: run the suite with scripts/test.sh")
    }

    /// The default timeout leaves room for a call queued behind the whole suite's calls on the shared server's
    /// four slots; the tests that are about timeouts set their own.
    static let sharedServerTimeout: Double = 180

    static func endpoint(baseURL: String, timeout: Double = sharedServerTimeout, retries: Int = 2) -> EndpointConfiguration {
        EndpointConfiguration(
            baseURL: baseURL, model: "SmolLM2-135M-Instruct", connectTimeout: 2, requestTimeout: timeout,
            retry: RetryPolicy(maxRetries: retries, initialDelay: 0.05, maxDelay: 0.2, retryAfterCap: 5), maxConcurrentRequests: 4)
    }

    static func service(baseURL: String, timeout: Double = sharedServerTimeout, retries: Int = 2) throws -> RerankService {
        let prompts = try PromptLibrary(directory: packageRoot.appendingPathComponent("Prompts").path)
        let client = ChatClient(endpoint: endpoint(baseURL: baseURL, timeout: timeout, retries: retries))
        return RerankService(client: client, prompts: prompts, model: "SmolLM2-135M-Instruct")
    }

    /// A small real request: MovieLens titles with genres.
    static func request(id: String, options: RerankOptions = RerankOptions()) -> RerankRequest {
        let history = [
            Item(id: "1", title: "Toy Story (1995)", attributes: [.init(name: "genre", value: "Animation|Children's|Comedy")]),
            Item(id: "71", title: "Lion King, The (1994)", attributes: [.init(name: "genre", value: "Animation|Children's|Musical")]),
        ]
        let candidates = [
            Item(id: "50", title: "Star Wars (1977)", score: 0.9),
            Item(id: "100", title: "Fargo (1996)", score: 0.8),
            Item(id: "432", title: "Fantasia (1940)", score: 0.7),
            Item(id: "588", title: "Beauty and the Beast (1991)", score: 0.6),
            Item(id: "181", title: "Return of the Jedi (1983)", score: 0.5),
        ]
        return RerankRequest(id: id, user: UserContext(id: "u1", history: history), candidates: candidates, options: options)
    }
}

extension RerankResponse {
    /// Every candidate of the request exactly once.
    func isCompletePermutation(of request: RerankRequest) -> Bool {
        ranking.map(\.id).sorted() == request.candidates.map(\.id).sorted()
            && ranking.map(\.rank) == Array(1...request.candidates.count)
    }
}
