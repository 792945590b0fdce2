import Foundation
import LLMClient

/// PALR's first stage: a short user profile (preference keywords with the history items behind them),
/// written once per distinct history and reused by every request of the run that has the same one. At most
/// `capacity` profiles are kept (serve.max_profiles), the least recently used dropped first.
actor ProfileWriter {
    private let prompts: PromptLibrary
    private let client: any ChatCompleting
    private let model: String
    private var profiles: LRUCache<Task<CallOutcome, Never>>

    /// Profiles kept by default.
    static let defaultCapacity = 1024

    /// The longest profile passed on to the ranking prompt.
    static let maxCharacters = 400

    init(prompts: PromptLibrary, client: any ChatCompleting, model: String, capacity: Int = ProfileWriter.defaultCapacity) {
        self.prompts = prompts
        self.client = client
        self.model = model
        self.profiles = LRUCache(capacity: capacity)
    }

    /// Profiles held now, and how many were dropped to stay within the capacity.
    var counts: (held: Int, evicted: Int) { (profiles.count, profiles.evictions) }

    /// The profile, the call that wrote it (nil when it came from an earlier request), and any error.
    func profile(for request: RerankRequest) async -> (profile: String?, outcome: CallOutcome?) {
        let key = Self.key(for: request)
        if let existing = profiles.value(for: key) {
            let outcome = await existing.value
            return (Self.profileText(outcome), nil)
        }
        let messages: [ChatMessage]
        do {
            messages = try prompts.render("palr_profile", context: PromptContext.ranking(request: request, shown: []))
        } catch {
            return (nil, RenderFailure(error).outcome)
        }
        let chat = ChatCompletionRequest(
            model: model, messages: messages, temperature: 0, maxTokens: 96, seed: Int(truncatingIfNeeded: request.options.seed))
        let client = self.client
        let explain = request.options.explain
        let task = Task { await client.call(chat, purpose: "palr profile", explain: explain) }
        profiles.set(task, for: key)
        let outcome = await task.value
        if outcome.completion == nil { profiles.removeValue(for: key) }  // a failure is not remembered
        return (Self.profileText(outcome), outcome)
    }

    static func profileText(_ outcome: CallOutcome) -> String? {
        guard let text = outcome.completion?.text else { return nil }
        let cleaned = PermutationParser.removingThinking(text)
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: "; ")
        guard !cleaned.isEmpty else { return nil }
        return cleaned.count > maxCharacters ? String(cleaned.prefix(maxCharacters - 1)) + "…" : cleaned
    }

    /// Requests with the same history, attributes and domain share a profile.
    static func key(for request: RerankRequest) -> String {
        var key = request.options.domain
        for item in request.user.history {
            key += "\u{1F}" + PromptContext.text(of: item)
        }
        return key
    }
}
