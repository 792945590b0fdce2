import Mustache

/// What the creative template renders from (the fields of `CreativePrompt.fieldNames`): the ad, how many
/// creatives to write, those already accepted and those that failed, every piece of text already quoted or
/// sanitised.
struct CreativePromptContext: MustacheParent {
    let ad: AdRequest
    let count: Int
    let accepted: [Creative]
    let failures: [(Creative, [CreativeViolation])]

    /// The segment, interests and last five history titles, as one line.
    private var audience: String {
        ([ad.audience.segment].compactMap { $0 } + ad.audience.interests
            + ad.audience.history.suffix(5).map { "likes " + PromptContext.quote($0.title) }).joined(separator: "; ")
    }

    func child(named name: String) -> Any? {
        let product = ad.product
        let constraints = ad.constraints
        switch name {
        case "product_title": return PromptContext.quote(product.title)
        case "has_brand": return product.brand != nil
        case "brand": return product.brand.map(PromptContext.quote) ?? ""
        case "has_description": return product.description != nil
        case "description": return product.description.map(PromptContext.quote) ?? ""
        case "attributes":
            return product.attributes.map { ["name": PromptContext.sanitise($0.name), "value": PromptContext.sanitise($0.value)] }
        case "has_audience": return !audience.isEmpty
        case "audience": return PromptContext.sanitise(audience)
        case "has_accepted": return !accepted.isEmpty
        case "accepted":
            return accepted.map {
                ["headline": PromptContext.sanitise($0.headline), "description": PromptContext.sanitise($0.description)]
            }
        case "has_failures": return !failures.isEmpty
        case "failures":
            return failures.suffix(8).map { creative, violations in
                [
                    "headline": PromptContext.sanitise(creative.headline), "description": PromptContext.sanitise(creative.description),
                    "problems": PromptContext.sanitise(violations.map(\.description).joined(separator: "; ")),
                ]
            }
        case "count": return count
        case "headline_max_chars": return constraints.headlineMaxChars
        case "description_max_chars": return constraints.descriptionMaxChars
        // Small models keep to a word count far better than to a character count.
        case "headline_max_words": return max(2, constraints.headlineMaxChars / 7)
        case "description_max_words": return max(4, constraints.descriptionMaxChars / 7)
        case "has_required_terms": return !constraints.requiredTerms.isEmpty
        case "required_terms": return constraints.requiredTerms.map { ["term": PromptContext.sanitise($0)] }
        case "has_banned_terms": return !constraints.bannedTerms.isEmpty
        case "banned_terms": return constraints.bannedTerms.map { ["term": PromptContext.sanitise($0)] }
        case "has_language": return constraints.language != nil
        case "language": return constraints.language.map(PromptContext.sanitise) ?? ""
        default: return nil
        }
    }
}
