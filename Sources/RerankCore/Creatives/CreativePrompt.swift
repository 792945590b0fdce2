import Foundation
import LLMClient
import Mustache

/// The creative-writing template (`Prompts/creatives/creative.mustache`), loaded and checked once.
///
/// It lives in a folder of its own because its context differs from the ranking prompts'; the ranking
/// templates' loader reads only the top level of `Prompts/`.
public struct CreativePrompt: Sendable {
    public let path: String
    private let template: MustacheTemplate

    /// Every field the template may name.
    public static let fieldNames: Set<String> = [
        "product_title", "has_brand", "brand", "has_description", "description", "attributes", "name", "value",
        "has_audience", "audience", "has_accepted", "accepted", "headline", "has_failures", "failures", "problems",
        "count", "headline_max_chars", "description_max_chars", "has_required_terms", "required_terms",
        "has_banned_terms", "banned_terms", "term", "has_language", "language", "headline_max_words", "description_max_words",
    ]

    /// Loads `creatives/creative.mustache` under the prompts folder.
    public init(promptsDirectory: String) throws(PromptTemplateError) {
        let path = ((promptsDirectory as NSString).appendingPathComponent("creatives") as NSString).appendingPathComponent("creative.mustache")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PromptTemplateError(template: "creatives/creative", message: "cannot read \(path); it ships in Prompts/creatives/")
        }
        try self.init(text: String(decoding: data, as: UTF8.self), path: path)
    }

    /// A template from text, for tests and custom prompts.
    public init(text: String, path: String = "creatives/creative.mustache") throws(PromptTemplateError) {
        self.path = path
        try PromptLibrary.checkFields(text, template: "creatives/creative", fieldNames: Self.fieldNames)
        do {
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
        } catch {
            throw PromptTemplateError(template: "creatives/creative", message: "does not parse as Mustache: \(error)")
        }
    }

    /// The messages for one round: the ad, how many to write, what is already accepted and what failed.
    public func messages(for ad: AdRequest, count: Int, accepted: [Creative], failures: [(Creative, [CreativeViolation])]) throws(PromptTemplateError) -> [ChatMessage] {
        let constraints = ad.constraints
        let audience = ([ad.audience.segment].compactMap { $0 } + ad.audience.interests
            + ad.audience.history.suffix(5).map { "likes " + PromptContext.quote($0.title) }).joined(separator: "; ")
        let context: [String: Any] = [
            "product_title": PromptContext.quote(ad.product.title),
            "has_brand": ad.product.brand != nil,
            "brand": ad.product.brand.map(PromptContext.quote) ?? "",
            "has_description": ad.product.description != nil,
            "description": ad.product.description.map(PromptContext.quote) ?? "",
            "attributes": ad.product.attributes.map { ["name": PromptContext.sanitise($0.name), "value": PromptContext.sanitise($0.value)] },
            "has_audience": !audience.isEmpty,
            "audience": PromptContext.sanitise(audience),
            "has_accepted": !accepted.isEmpty,
            "accepted": accepted.map { ["headline": PromptContext.sanitise($0.headline), "description": PromptContext.sanitise($0.description)] },
            "has_failures": !failures.isEmpty,
            "failures": failures.suffix(8).map { creative, violations in
                [
                    "headline": PromptContext.sanitise(creative.headline), "description": PromptContext.sanitise(creative.description),
                    "problems": PromptContext.sanitise(violations.map(\.description).joined(separator: "; ")),
                ]
            },
            "count": count,
            "headline_max_chars": constraints.headlineMaxChars,
            "description_max_chars": constraints.descriptionMaxChars,
            // Small models keep to a word count far better than to a character count.
            "headline_max_words": max(2, constraints.headlineMaxChars / 7),
            "description_max_words": max(4, constraints.descriptionMaxChars / 7),
            "has_required_terms": !constraints.requiredTerms.isEmpty,
            "required_terms": constraints.requiredTerms.map { ["term": PromptContext.sanitise($0)] },
            "has_banned_terms": !constraints.bannedTerms.isEmpty,
            "banned_terms": constraints.bannedTerms.map { ["term": PromptContext.sanitise($0)] },
            "has_language": constraints.language != nil,
            "language": constraints.language.map(PromptContext.sanitise) ?? "",
        ]
        let messages = PromptLibrary.messages(from: template.render(context))
        guard messages.contains(where: { $0.role == .user }) else {
            throw PromptTemplateError(template: "creatives/creative", message: "renders no [user] message")
        }
        return messages
    }
}
