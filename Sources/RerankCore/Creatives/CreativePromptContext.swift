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

    /// The scripts the shown examples are written in.
    enum Script { case spaced, chinese, japanese, korean }

    /// The script the ad is written in: the language it names, else what its product title is written in.
    var script: Script {
        let language = (ad.constraints.language ?? "").lowercased()
        if language.hasPrefix("ja") || language.contains("japan") || language.contains("日本") { return .japanese }
        if language.hasPrefix("zh") || language.contains("chinese") || language.contains("中文") { return .chinese }
        if language.hasPrefix("ko") || language.contains("korean") || language.contains("한국") { return .korean }
        guard language.isEmpty else { return .spaced }
        let scalars = ad.product.title.unicodeScalars
        if scalars.contains(where: { (0x3040...0x30FF).contains($0.value) }) { return .japanese }
        if scalars.contains(where: { (0xAC00...0xD7A3).contains($0.value) }) { return .korean }
        if scalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) { return .chinese }
        return .spaced
    }

    /// Creatives of the right length for another product, in the ad's script, kept only where they fit its
    /// limits: a small model writes to the length it is shown far better than to a number of characters.
    var examples: [Creative] {
        let bank: [Creative]
        switch script {
        case .spaced:
            bank = [
                Creative(
                    headline: "Stay dry in any wind", description: "A compact umbrella that opens in one click and holds in strong gusts."),
                Creative(
                    headline: "Sleep through the night", description: "A soft eye mask that blocks every light and stays put as you turn."),
            ]
        case .chinese: bank = [Creative(headline: "一键开合，风雨无阻", description: "小巧雨伞一键开合，强风中也稳稳撑住。")]
        case .japanese: bank = [Creative(headline: "片手でさっと開く傘", description: "ボタンひとつで開き、強い風でも裏返りません。")]
        case .korean: bank = [Creative(headline: "바람에도 든든한 우산", description: "버튼 하나로 펼쳐지고 강풍에도 뒤집히지 않아요.")]
        }
        return bank.filter {
            DisplayWidth.of($0.headline) <= ad.constraints.headlineMaxChars
                && DisplayWidth.of($0.description) <= ad.constraints.descriptionMaxChars
        }
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
            // Each fault alone, quoting the text at fault ("the headline "…" is 52 characters; the limit is 30"):
            // a failure shown as the creative it was, headline and description, is copied back as a new one.
            return failures.suffix(8).map { _, violations in
                ["problems": PromptContext.sanitise(violations.map(\.detail).joined(separator: "; "))]
            }
        case "count": return count
        case "headline_max_chars": return constraints.headlineMaxChars
        case "description_max_chars": return constraints.descriptionMaxChars
        case "headline_max_words": return constraints.headlineWords
        case "description_max_words": return constraints.descriptionWords
        case "wide": return script != .spaced
        // Double-width characters count 2; asking for 2/5 of the limit leaves room for the model's overshoot.
        case "headline_max_wide": return max(2, constraints.headlineMaxChars * 2 / 5)
        case "description_max_wide": return max(4, constraints.descriptionMaxChars * 2 / 5)
        case "has_examples": return !examples.isEmpty
        case "examples": return examples.map { ["headline": $0.headline, "description": $0.description] }
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
