import Foundation
import LLMClient
import RerankCore
import Testing

/// Pointwise calls of one list share everything up to the candidate; run warm and one at a time (the default), the
/// server reads that history once per list, so a list's prefilled tokens stay near one listwise prompt's.
@Suite("Pointwise prefill against the real local server", .enabled(if: LocalServer.isAvailable))
struct PointwisePrefillAgainstServerTests {
    static let titles = [
        "Toy Story (1995)", "GoldenEye (1995)", "Four Rooms (1995)", "Get Shorty (1995)", "Copycat (1995)", "Twelve Monkeys (1995)",
        "Babe (1995)", "Dead Man Walking (1995)", "Richard III (1995)", "Seven (Se7en) (1995)", "Usual Suspects, The (1995)",
        "Mighty Aphrodite (1995)", "Postino, Il (1994)", "French Twist (1995)", "From Dusk Till Dawn (1996)", "White Balloon, The (1995)",
        "Antonia's Line (1995)", "Angels and Insects (1995)", "Muppet Treasure Island (1996)", "Braveheart (1995)", "Taxi Driver (1976)",
        "Rumble in the Bronx (1995)", "Birdcage, The (1996)", "Brothers McMullen, The (1995)", "Bad Boys (1995)", "Apollo 13 (1995)",
        "Batman Forever (1995)", "Belle de jour (1967)", "Crimson Tide (1995)", "Crumb (1994)",
    ]
    static let genres = ["Comedy", "Action|Thriller", "Drama", "Crime|Drama", "Animation|Children's", "Sci-Fi"]

    /// A user with a long history of their own (so lists share no prefix) and eight candidates.
    static func request(user: Int, options: RerankOptions) -> RerankRequest {
        let history = (0..<24).map { offset in
            let index = (user * 7 + offset) % titles.count
            return Item(
                id: "h\(index)", title: titles[index], attributes: [.init(name: "genre", value: genres[(index + user) % genres.count])])
        }
        let candidates = (0..<8).map { offset in
            let index = (user * 7 + 24 + offset) % titles.count
            return Item(id: "c\(index)", title: titles[index], attributes: [.init(name: "genre", value: genres[index % genres.count])])
        }
        return RerankRequest(
            id: "prefill-\(user)", user: UserContext(id: "u\(user)", history: history), candidates: candidates, options: options)
    }

    /// The prompt tokens of the same list's one listwise call: what a method that reads the list once costs.
    static func listwisePromptTokens(_ service: RerankService, user: Int) async -> Int {
        var options = RerankOptions(strategy: .listwise)
        options.scoring = .logits
        return await service.rerank(request(user: user, options: options)).diagnostics.promptTokens
    }

    @Test("one list, and four in flight: each list's prefilled tokens are at most 2 × its listwise prompt", arguments: [1, 4])
    func prefilledOnce(listsInFlight: Int) async throws {
        let service = try LocalServer.service(baseURL: try LocalServer.requireBaseURL())
        // Users of their own per argument, so neither run finds the other's history cached.
        let users = (0..<listsInFlight).map { listsInFlight * 10 + $0 }
        var listwise: [Int: Int] = [:]
        for user in users { listwise[user] = await Self.listwisePromptTokens(service, user: user) }
        // The listwise calls left their own prompts cached; a pointwise prompt shares only the system line with them.
        let answers = await withTaskGroup(of: (Int, RerankResponse).self) { group in
            for user in users {
                group.addTask { (user, await service.rerank(Self.request(user: user, options: RerankOptions(strategy: .pointwise)))) }
            }
            var collected: [(Int, RerankResponse)] = []
            for await answer in group { collected.append(answer) }
            return collected
        }
        for (user, response) in answers {
            let diagnostics = response.diagnostics
            let reference = try #require(listwise[user])
            #expect(!response.degraded, "\(response.degradedReason ?? "")")
            #expect(diagnostics.llmCalls == 8)
            #expect(reference > 300, "the listwise prompt of user \(user) has \(reference) tokens")
            // Every call after the first found the history cached.
            #expect(
                diagnostics.cachedTokens > diagnostics.promptTokens / 2,
                "user \(user): \(diagnostics.cachedTokens) of \(diagnostics.promptTokens) cached")
            // Read once, a list prefills about 1.1 × its listwise prompt; read by every one of its 8 calls, about 6 ×.
            // Other suites share the server while this one runs, and a request of theirs may take the slot that holds
            // this list's history, which is then read once more (1,345 against 817 seen once): 2 × leaves room for
            // that and none for calls that miss the cache. Warm-and-one-at-a-time against all-at-once is measured on
            // a quiet server (docs/configuration.md, "Serving pointwise"), not here.
            #expect(
                Double(diagnostics.counters.prefillTokens) <= 2 * Double(reference),
                "user \(user): \(diagnostics.counters.prefillTokens) prefilled against a listwise prompt of \(reference)")
        }
    }
}
