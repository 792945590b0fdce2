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
        "wide", "headline_max_wide", "description_max_wide", "has_examples", "examples", "example_count", "last",
        "example_product_description", "has_example_brand", "example_brand", "angles", "angle", "gloss", "example_language",
    ]

    /// A template from text, for tests and custom prompts.
    public init(text: String, path: String = "creatives/creative.mustache") throws(PromptTemplateError) {
        self.path = path
        template = try PromptLibrary.template(text, name: Self.name, fieldNames: Self.fieldNames)
    }

    /// The messages for one round: the ad, how many to write and from which angles (by default the first
    /// `count`), what is already accepted and what failed.
    public func messages(
        for ad: AdRequest, count: Int, accepted: [Creative], failures: [(Creative, [CreativeViolation])],
        angles: [CreativeAngle]? = nil
    ) throws(PromptTemplateError) -> [ChatMessage] {
        try PromptLibrary.messages(
            rendering: template, name: Self.name,
            context: CreativePromptContext(
                ad: ad, count: count, accepted: accepted, failures: failures,
                angles: angles ?? CreativeAngle.sequence(count: count, after: 0)))
    }

    /// The template's name in errors.
    public static let name = "creatives/creative"
}
