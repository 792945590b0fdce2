import Mustache

/// What the creative template renders from (the fields of `CreativePrompt.fieldNames`): the ad, how many
/// creatives to write, those already accepted and those that failed, every piece of text already quoted or
/// sanitised.
struct CreativePromptContext: MustacheParent {
    let ad: AdRequest
    let count: Int
    let accepted: [Creative]
    let failures: [(Creative, [CreativeViolation])]
    /// The angle of each creative asked for, in order (`CreativeAngle.sequence`).
    let angles: [CreativeAngle]

    /// The segment, interests and last five history titles, as one line.
    private var audience: String {
        ([ad.audience.segment].compactMap { $0 } + ad.audience.interests
            + ad.audience.history.suffix(5).map { "likes " + PromptContext.quote($0.title) }).joined(separator: "; ")
    }

    /// Creatives of the right length for another product (a travel umbrella), in the ad's script, kept only
    /// where they fit the ad's limits. They are shown as an earlier answer, the form a small model follows most
    /// closely: it writes to the length it is shown far better than to a number of words or characters. When the
    /// ad requires terms, the example product has a brand (`exampleBrand`) and every example creative names it:
    /// told only "every creative must contain "Nordpeak"", the default model left the brand out of every creative
    /// of some ads, while it copies what the examples do.
    var examples: [Creative] { angledExamples.map(\.creative) }

    /// The example creatives of the ad's script, branded when it requires terms, before the limits filter them.
    private var bank: [Creative] {
        let bank: [Creative]
        let branded = !ad.constraints.requiredTerms.isEmpty
        let brand = Self.exampleBrand
        switch (ad.script, branded) {
        case (.spaced, false):
            bank = [
                Creative(headline: "Dry in any wind", description: "A compact umbrella that opens in one click and holds in gusts."),
                Creative(headline: "One click, covered", description: "Open it with one hand and keep both shoulders dry."),
                Creative(headline: "Rain plans, sorted", description: "Folds to the size of a bottle and fits in any bag."),
            ]
        case (.spaced, true):
            bank = [
                Creative(headline: "Dry in any wind", description: "The \(brand) umbrella opens in one click and holds in gusts."),
                Creative(headline: "One click, covered", description: "Open your \(brand) with one hand and keep both shoulders dry."),
                Creative(headline: "\(brand), rain sorted", description: "Folds to the size of a bottle and fits in any bag."),
            ]
        case (.chinese, false):
            bank = [
                Creative(headline: "一键开合，风雨无阻", description: "小巧雨伞一键开合，强风中也稳稳撑住。"),
                Creative(headline: "随身带的晴雨伞", description: "折叠后只有水瓶大小，放进任何包里。"),
            ]
        case (.chinese, true):
            bank = [
                Creative(headline: "一键开合，风雨无阻", description: "\(brand)雨伞一键开合，强风中也稳稳撑住。"),
                Creative(headline: "\(brand)，随身晴雨伞", description: "折叠后只有水瓶大小，放进任何包里。"),
            ]
        case (.japanese, false):
            bank = [
                Creative(headline: "片手でさっと開く傘", description: "ボタンひとつで開き、強い風でも裏返りません。"),
                Creative(headline: "いつもカバンに一本", description: "ペットボトルほどの大きさに畳めます。"),
            ]
        case (.japanese, true):
            bank = [
                Creative(headline: "片手でさっと開く傘", description: "\(brand)の傘はボタンひとつで開き、強い風でも裏返りません。"),
                Creative(headline: "\(brand)をカバンに", description: "ペットボトルほどの大きさに畳めます。"),
            ]
        case (.korean, false):
            bank = [
                Creative(headline: "바람에도 든든한 우산", description: "버튼 하나로 펼쳐지고 강풍에도 뒤집히지 않아요."),
                Creative(headline: "가방 속 작은 우산", description: "물병만 한 크기로 접혀 어디든 들어가요."),
            ]
        case (.korean, true):
            bank = [
                Creative(headline: "바람에도 든든한 우산", description: "\(brand) 우산은 버튼 하나로 펼쳐지고 강풍에도 뒤집히지 않아요."),
                Creative(headline: "가방 속 \(brand)", description: "물병만 한 크기로 접혀 어디든 들어가요."),
            ]
        }
        return bank
    }

    /// The angle of each example creative, in the order of `examples` (a script's bank may have fewer examples
    /// than angles listed; an example a limit filters out takes its angle with it).
    static let exampleAngles: [CreativeAngle] = [.benefit, .feature, .moment]

    /// The examples, each with its angle.
    var angledExamples: [(angle: CreativeAngle, creative: Creative)] {
        let limits = ad.constraints
        return zip(Self.exampleAngles, bank).filter {
            DisplayWidth.of($0.1.headline) <= limits.headlineMaxChars && DisplayWidth.of($0.1.description) <= limits.descriptionMaxChars
        }.map { (angle: $0.0, creative: $0.1) }
    }

    /// The example product's brand, shown only when the ad requires terms (see `examples`).
    static let exampleBrand = "Skyfold"

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
        // The words that fit. Asked for a "headline" written after its description, the default model wrote twice
        // the words it was told (asked for 4, it wrote 7 to 10) whatever the number; asked for a "catchphrase" of
        // "2 to 4 words" written first, about three in four fit a 30-character limit.
        case "headline_max_words": return constraints.headlineWords
        case "description_max_words": return constraints.descriptionWords
        case "wide": return ad.script != .spaced
        // Double-width characters count 2; asking for 2/5 of the limit leaves room for the model's overshoot.
        case "headline_max_wide": return max(2, constraints.headlineMaxChars * 2 / 5)
        case "description_max_wide": return max(4, constraints.descriptionMaxChars * 2 / 5)
        case "example_product_description":
            // The example product's own description, which the example creatives say in other words: shown no
            // description, the default model copied the ad's product description into every creative.
            switch ad.script {
            case .spaced: return "Automatic folding umbrella with a windproof frame and a 300 g weight."
            case .chinese: return "自动折叠伞，防风伞骨，重量300克。"
            case .japanese: return "防風フレームの自動開閉折りたたみ傘、重さ300g。"
            case .korean: return "방풍 프레임의 자동 접이식 우산, 무게 300g."
            }
        case "example_language":
            // Said of the examples and, when the ad has a language, of the request: shown English examples and told
            // only once, in the instructions, to write in French, the default model wrote French ads in English.
            switch ad.script {
            case .spaced: return "English"
            case .chinese: return "Chinese"
            case .japanese: return "Japanese"
            case .korean: return "Korean"
            }
        case "has_example_brand": return !constraints.requiredTerms.isEmpty
        case "example_brand": return Self.exampleBrand
        case "has_examples": return !examples.isEmpty
        case "example_count": return examples.count
        case "examples":
            let shown = angledExamples
            return shown.enumerated().map { index, example -> [String: Any] in
                [
                    "angle": example.angle.rawValue, "gloss": example.angle.gloss, "headline": example.creative.headline,
                    "description": example.creative.description, "last": index == shown.count - 1,
                ]
            }
        case "angles":
            return angles.enumerated().map { index, angle -> [String: Any] in
                ["angle": angle.rawValue, "gloss": angle.gloss, "last": index == angles.count - 1]
            }
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
