import RerankRuntime
import Testing

@testable import RerankCore

@Suite("Bounded profile cache")
struct LRUCacheTests {
    @Test("beyond its capacity the least recently used entry goes, and a read counts as a use")
    func leastRecentlyUsedOut() {
        var cache = LRUCache<Int>(capacity: 2)
        cache.set(1, for: "a")
        cache.set(2, for: "b")
        #expect(cache.value(for: "a") == 1)
        cache.set(3, for: "c")
        #expect(cache.count == 2)
        #expect(cache.value(for: "b") == nil)
        #expect(cache.value(for: "a") == 1 && cache.value(for: "c") == 3)
        #expect(cache.evictions == 1)
        cache.set(4, for: "a")
        #expect(cache.count == 2 && cache.evictions == 1 && cache.value(for: "a") == 4)
    }

    @Test("ten thousand distinct keys never hold more than the capacity")
    func bounded() {
        var cache = LRUCache<String>(capacity: 64)
        for index in 0..<10_000 { cache.set("p\(index)", for: "history-\(index)") }
        #expect(cache.count == 64)
        #expect(cache.evictions == 10_000 - 64)
        #expect(cache.value(for: "history-9999") == "p9999")
        #expect(cache.value(for: "history-0") == nil)
    }

    @Test("the serve.max_profiles setting reaches the configuration")
    func configured() throws {
        let configuration = try ConfigurationLoader(environment: ["RERANK_AGENT_SERVE_MAX_PROFILES": "16"]).load(file: nil)
        #expect(configuration.serve.maxProfiles == 16)
    }
}
