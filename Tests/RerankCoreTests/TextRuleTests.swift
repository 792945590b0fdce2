import Foundation
import LLMClient
import RerankRuntime
import Testing

@testable import RerankCore

@Suite("Text rules: complete, not an echo, not degenerate, a sentence, grounded")
struct TextRuleTests {
    private func incomplete(_ text: String, sentence: Bool = false) -> Bool {
        TextQualityCheck.incomplete(text, sentence: sentence) != nil
    }

    @Test("texts cut mid-phrase are incomplete: dangling comma, conjunction, article, preposition, hyphen, open bracket or quote")
    func incompleteLatin() {
        // The texts the issue found, as the schema's maxLength cut them.
        #expect(incomplete("AeroBrew Pour-Over Coffee Ket,"))
        #expect(incomplete("gooseneck kettle with a 0.9 l,"))
        #expect(incomplete("Lightweight trail shoe for wet, muddy, or", sentence: true))
        #expect(incomplete("Quick Start with Ceramic Pour-"))
        #expect(incomplete("Brew better coffee with the"))
        #expect(incomplete("Dimmable light for"))
        #expect(incomplete("Warm light (dimmable"))
        #expect(incomplete("The \"quiet click mouse"))
        #expect(incomplete("Un café parfait avec"))
        // Finished phrases pass; a headline needs no full stop, a sentence does.
        #expect(!incomplete("Trail shoes for wet days"))
        #expect(!incomplete("Brew slower, taste more"))
        #expect(!incomplete("Kiln & Co kettle, 0.9 l"))
        #expect(!incomplete("Grip and comfort on muddy runs.", sentence: true))
        #expect(!incomplete("Ready when you are!", sentence: true))
        #expect(incomplete("Dimmable light is"))
        #expect(!incomplete("It says \"brew slowly.\"", sentence: true))
        #expect(incomplete("Grip and comfort on muddy runs", sentence: true))
    }

    @Test("in Chinese, Japanese and Korean a dangling particle, comma or bracket is incomplete, a finished phrase is not")
    func incompleteCJK() {
        #expect(incomplete("毎朝のコーヒーを"))
        #expect(incomplete("香り高いコーヒーと"))
        #expect(incomplete("静かなクリック音、"))
        #expect(incomplete("「特別な一杯"))
        #expect(incomplete("咖啡和"))
        #expect(incomplete("轻盈透气，"))
        #expect(incomplete("매일 아침 커피의"))
        #expect(!incomplete("香り高い一杯"))
        #expect(!incomplete("おうちカフェを、もっと手軽に"))
        #expect(!incomplete("毎朝の一杯が変わります。", sentence: true))
        #expect(!incomplete("轻盈透气的跑鞋"))
        #expect(!incomplete("매일 아침 커피 한 잔"))
        #expect(incomplete("毎朝の一杯が変わります", sentence: true))
        #expect(!incomplete("「静かな」マウス"))
    }

    @Test("a text that only repeats the title, brand or attributes is an echo; one that adds something is not")
    func echo() {
        let names = ["The Lion King (1994)", "Lion King", "Animation|Children's|Musical"]
        #expect(TextQualityCheck.echo("The Lion King (1994)", names: names, maxShare: 0.8) != nil)
        #expect(TextQualityCheck.echo("Lion King, 1994.", names: names, maxShare: 0.8) != nil)
        #expect(
            TextQualityCheck.echo("Because you loved Toy Story, The Lion King's songs will move you.", names: names, maxShare: 0.8) == nil)
        let product = ["AeroBrew Pour-Over Coffee Kettle", "Kiln & Co", "stainless steel"]
        #expect(TextQualityCheck.echo("Kiln & Co AeroBrew Kettle", names: product, maxShare: 0.8) != nil)
        #expect(TextQualityCheck.echo("AeroBrew: pour slow, taste more", names: product, maxShare: 0.8) == nil)
        #expect(TextQualityCheck.echo("A gooseneck kettle.", names: product, fields: ["A gooseneck kettle"], maxShare: 0.8) != nil)
        // Japanese and Chinese: counted by characters.
        let japanese = ["エアロブリュー ケトル", "キルン"]
        #expect(TextQualityCheck.echo("エアロブリューケトル", names: japanese, maxShare: 0.8) != nil)
        #expect(TextQualityCheck.echo("朝の一杯が変わる", names: japanese, maxShare: 0.8) == nil)
        #expect(TextQualityCheck.echo("静音无线鼠标", names: ["静音无线鼠标"], maxShare: 0.8) != nil)
        #expect(TextQualityCheck.echo("办公室里也安静", names: ["静音无线鼠标"], maxShare: 0.8) == nil)
    }

    @Test("a word said more than twice, a doubled word or a repeated phrase is degenerate")
    func degenerate() {
        func check(_ text: String) -> Bool { TextQualityCheck.degenerate(text, maxWordRepeats: 2, ngram: 3) != nil }
        #expect(check("Legs of a hybrid cross-legged, vertical, leap-vertical, leap-vertical, vertical, vertical,"))
        #expect(check("Fast fast shoes"))
        #expect(check("Brew it your way, brew it your way."))
        #expect(!check("Brew slower, taste more: the kettle that keeps the heat."))
        #expect(!check("Trail shoes for wet days and the muddy runs of the season."))
        // Japanese and Chinese: character pairs; hiragana pairs are grammar and not counted.
        #expect(check("コーヒーコーヒーコーヒー"))
        #expect(check("好喝好喝好喝"))
        #expect(check("静かな静かなマウス、静かな夜に"))
        #expect(!check("香り高い一杯を、毎朝のテーブルに。"))
        #expect(!check("它让你在办公室里也能安静地工作。"))
    }

    @Test("a reason of too few words is not a sentence; two Chinese or Japanese characters count as one word")
    func notASentence() {
        #expect(TextQualityCheck.notASentence("Fargo (1996)", minWords: 4) != nil)
        #expect(TextQualityCheck.notASentence("A dark Crime comedy.", minWords: 4) == nil)
        #expect(TextQualityCheck.notASentence("好看", minWords: 4) != nil)
        #expect(TextQualityCheck.notASentence("因为你喜欢动画片。", minWords: 4) == nil)
        #expect(TextUnits.wordCount("動画が好きなあなたに") == 5)
    }

    private let history = [
        Item(id: "h1", title: "Toy Story (1995)", attributes: [.init(name: "genre", value: "Animation|Comedy")]),
        Item(id: "h2", title: "Aladdin (1992)"),
    ]

    private func rules(_ text: String, for item: Item, grounding: Bool = true) -> [TextRule] {
        ReasonValidator.textViolations(of: text, item: item, history: history, rules: TextRules(), requireGrounding: grounding).map(\.rule)
    }

    @Test(
        "a reason that is the item's title is an echo, a short one not a sentence; an ungrounded one breaks ungrounded only when required")
    func reasonRules() {
        let lionKing = Item(id: "m1", title: "Lion King, The (1994)", attributes: [.init(name: "genre", value: "Animation|Musical")])
        let fargo = Item(id: "m2", title: "Fargo (1996)", attributes: [.init(name: "genre", value: "Crime|Drama")])
        #expect(rules("The Lion King (1994)", for: lionKing) == [.incomplete, .echo, .ungrounded])
        #expect(rules("Fargo (1996).", for: fargo) == [.echo, .notASentence, .ungrounded])
        #expect(rules("If you enjoyed Toy Story, this Animation classic will delight you.", for: lionKing).isEmpty)
        #expect(rules("A gripping film you will not forget.", for: fargo) == [.ungrounded])
        #expect(rules("A gripping film you will not forget.", for: fargo, grounding: false).isEmpty)
        #expect(rules("A gripping Crime story with a dark humour.", for: fargo).isEmpty)
        // Chinese reason grounded in a history title.
        let chinese = Item(id: "m3", title: "千与千寻 (2001)", attributes: [.init(name: "genre", value: "动画")])
        #expect(rules("你喜欢Toy Story，这部动画也会打动你。", for: chinese).isEmpty)
        #expect(rules("千与千寻", for: chinese).contains(.echo))
    }

    @Test("skipped rules are not applied, and an unknown rule name is a configuration error naming the known ones")
    func skipping() throws {
        let fargo = Item(id: "m2", title: "Fargo (1996)")
        var settings = TextRules()
        settings.skipped = [.echo, .notASentence, .incomplete]
        #expect(
            ReasonValidator.textViolations(of: "Fargo (1996)", item: fargo, history: history, rules: settings, requireGrounding: false)
                .isEmpty)
        #expect(throws: ConfigurationError.self) { try TextRules.rules(named: ["echo", "typo"], key: "reasons.skip_rules") }
        #expect(try TextRules.rules(named: ["echo", "degenerate"], key: "k") == [.echo, .degenerate])
        let configuration = try ConfigurationLoader(environment: [:]).load(
            file: nil, overrides: [("reasons.skip_rules", "echo"), ("reasons.min_words", "6")])
        let reasons = try configuration.reasonConfiguration()
        #expect(reasons.textRules.skipped == [.echo] && reasons.textRules.minWords == 6 && reasons.requireGrounding)
    }

    @Test("the creative checker names each text rule on the headline or description, with the product for echoes")
    func creativeRules() {
        let product = AdRequest.Product(
            title: "AeroBrew Pour-Over Kettle", brand: "Kiln & Co", attributes: [.init(name: "material", value: "stainless steel")])
        let checker = CreativeChecker(constraints: CreativeConstraints(), product: product)
        func rules(_ headline: String, _ description: String) -> [CreativeRule] {
            checker.violations(of: Creative(headline: headline, description: description)).map(\.rule)
        }
        #expect(rules("AeroBrew Pour-Over Ket,", "A gooseneck kettle for slow pours.") == [.incomplete])
        #expect(rules("Slow pours, better coffee", "A gooseneck kettle for wet, muddy, or") == [.incomplete])
        #expect(rules("AeroBrew Pour-Over Kettle", "A gooseneck kettle for slow pours.") == [.echo])
        #expect(rules("Enjoy the perfect pour", "A gooseneck kettle for slow pours.").isEmpty)
        #expect(rules("Vertical, vertical, vertical", "A gooseneck kettle for slow pours.") == [.degenerate])
        #expect(rules("Slow pours, better coffee", "A gooseneck kettle for slow, even pours.").isEmpty)
        let japanese = CreativeChecker(constraints: CreativeConstraints(), product: .init(title: "静音ワイヤレスマウス"))
        #expect(japanese.violations(of: Creative(headline: "静音ワイヤレスマウス", description: "静かなクリックで集中できます。")).map(\.rule) == [.echo])
        #expect(japanese.violations(of: Creative(headline: "夜も静かに働ける", description: "静かなクリックで集中できます。")).isEmpty)
        // A Latin term followed or preceded by Japanese text is still a whole word.
        #expect(CreativeChecker.containsWord("Nordpeak", in: "Nordpeakの靴で雨の日も快適"))
        #expect(CreativeChecker.containsWord("Toy Story", in: "你喜欢Toy Story，这部也好看"))
        #expect(!CreativeChecker.containsWord("Nord", in: "Nordpeakの靴"))
    }

    @Test("a template that shows the failures gets every rule a creative broke and the detail of each; the shipped one quotes none")
    func creativeRegenerationPrompt() async throws {
        let first =
            #"{"creatives":[{"headline":"AeroBrew Kettle with the","description":"Brew, brew, brew, brew."},{"headline":"AeroBrew Pour-Over Coffee Kettle","description":"A kettle for slow pours."}]}"#
        let second = #"{"creatives":[{"headline":"Slow pours, better coffee","description":"A gooseneck kettle for slow, even pours."}]}"#
        // The shipped template asks the next angles and quotes no refused text: quoted, the default model wrote
        // them again (1 of 42 creatives of later rounds passed).
        let shipped = ScriptedChat([first, second])
        let shippedWriter = CreativeWriter(
            client: shipped, prompt: try CreativePrompt(promptsDirectory: PackagePaths.prompts), model: "m")
        let shippedAd = AdRequest(
            id: "ad", product: .init(title: "AeroBrew Pour-Over Coffee Kettle", brand: "Kiln & Co"),
            constraints: CreativeConstraints(count: 1, candidates: 2, maxRounds: 2))
        _ = try await shippedWriter.write(shippedAd).get()
        let shippedRetry = try #require(shipped.requests.last?.messages.last?.content)
        #expect(!shippedRetry.contains("AeroBrew Kettle with the") && !shippedRetry.contains("Brew, brew"), "\(shippedRetry)")
        #expect(shippedRetry.contains("one from each angle: moment (when or where it is used), audience (who it is for)."))
        let template = """
            [user]
            {{product_title}}
            {{#has_failures}}{{#failures}}- {{problems}}
            {{/failures}}{{/has_failures}}Write {{count}}.
            """
        let chat = ScriptedChat([first, second])
        let writer = CreativeWriter(client: chat, prompt: try CreativePrompt(text: template), model: "m")
        let ad = AdRequest(
            id: "ad", product: .init(title: "AeroBrew Pour-Over Coffee Kettle", brand: "Kiln & Co"),
            constraints: CreativeConstraints(count: 1, candidates: 2, maxRounds: 2))
        let result = try await writer.write(ad).get()
        #expect(result.creatives.map(\.creative.headline) == ["Slow pours, better coffee"])
        let retry = chat.requests[1].messages.map(\.content).joined(separator: "\n")
        #expect(retry.contains("the headline \"AeroBrew Kettle with the\" is unfinished: it ends with the dangling word \"the\""))
        #expect(retry.contains("the description \"Brew, brew, brew, brew.\" is degenerate: it repeats \"brew\" 4 times"))
        #expect(retry.contains("the headline \"AeroBrew Pour-Over Coffee Kettle\" is an echo"))
        #expect(retry.contains("the headline \"AeroBrew Pour-Over Coffee Kettle\" is 32 characters; the limit is 30 (about 4 words)"))
        // Each fault alone, never the rejected creative in the form of a new one, which a model copies back.
        #expect(!retry.contains("AeroBrew Kettle with the /"))
        let rules = Set(result.rejected.flatMap { $0.violations.map(\.rule) })
        #expect(rules == [.incomplete, .degenerate, .echo, .headlineLength])
    }

    @Test("the schema's maxLength never cuts a text that could pass: it is more than twice the limit")
    func schemaBound() {
        let writer = CreativeWriter(client: ScriptedChat([]), prompt: try! CreativePrompt(text: "[user]\nx"), model: "m")
        let ad = AdRequest(
            id: "a", product: .init(title: "静音マウス"), constraints: CreativeConstraints(headlineMaxChars: 30, descriptionMaxChars: 90))
        let chat = writer.request(
            [ChatMessage(role: .user, content: "x")], ad: ad, angles: CreativeAngle.sequence(count: 2, after: 0), round: 1)
        guard case .jsonSchema(_, let schema, _)? = chat.responseFormat,
            case .object(let root) = schema, case .object(let properties)? = root["properties"],
            case .object(let creatives)? = properties["creatives"], case .object(let items)? = creatives["items"],
            case .object(let fields)? = items["properties"], case .object(let headline)? = fields["catchphrase"],
            case .object(let description)? = fields["description"],
            case .number(let headlineMax)? = headline["maxLength"]
        else {
            Issue.record("no schema with maxLength was sent")
            return
        }
        #expect(headlineMax > 60)
        // The description is never bounded in length, only made to end a sentence where the model stops.
        #expect(description["maxLength"] == nil && description["pattern"] == .string(CreativeWriter.descriptionPattern))
        #expect(headline["pattern"] == nil)
        // A description is one sentence, ended where the model ends it; a point before a digit is not an end.
        let sentence = try! Regex(String(CreativeWriter.descriptionPattern.dropFirst().dropLast()))
        for fits in ["A kettle with a 0.9 litre body.", "静かなクリックで集中できます。", "Ready when you are!"] {
            #expect(fits.wholeMatch(of: sentence) != nil, "\(fits)")
        }
        for refused in ["A kettle. It pours.", "No final mark", "Two marks!!"] {
            #expect(refused.wholeMatch(of: sentence) == nil, "\(refused)")
        }
        let reasonSchema = ReasonWriter.schema(ids: ["a"], maxCharacters: 200)
        #expect(reasonSchema.objectValue?["properties"]?.objectValue?["a"]?.objectValue?["maxLength"] == .number(408))
        // A floor past a bare title, never a cut: the model writes on to a sentence.
        #expect(reasonSchema.objectValue?["properties"]?.objectValue?["a"]?.objectValue?["minLength"] == .number(40))
        let tight = ReasonWriter.schema(ids: ["a"], maxCharacters: 30)
        #expect(tight.objectValue?["properties"]?.objectValue?["a"]?.objectValue?["minLength"] == .number(30))
    }

    @Test("a title-echo reason is asked again naming the failure and the history items and attributes it may use")
    func reasonRegeneration() async throws {
        let items = [Item(id: "m1", title: "Lion King, The (1994)", attributes: [.init(name: "genre", value: "Animation|Musical")])]
        let chat = ScriptedChat([#"{"m1": "The Lion King (1994)"}"#, #"{"m1": "You loved Toy Story, and this Animation classic sings."}"#])
        let writer = ReasonWriter(client: chat, prompts: try PromptLibrary(directory: PackagePaths.prompts), model: "m")
        let request = RerankRequest(id: "r", user: UserContext(id: "u", history: history), candidates: items, options: RerankOptions())
        let result = await writer.reasons(for: request, ranked: items, count: 1)
        #expect(chat.callCount == 2)
        #expect(result.reasons.map(\.text) == ["You loved Toy Story, and this Animation classic sings."])
        #expect(result.reasons.first?.regenerated == true)
        #expect(result.rejected.first?.violations.map(\.rule) == [.incomplete, .echo, .ungrounded])
        let retry = chat.requests[1].messages.map(\.content).joined(separator: "\n")
        #expect(retry.contains("\"The Lion King (1994)\" was rejected (incomplete:"))
        #expect(retry.contains("echo:") && retry.contains("ungrounded:"))
        #expect(retry.contains("It may name: \"Toy Story\", \"Aladdin\", \"genre: Animation\", \"genre: Musical\""))
        // Without a second good answer the item is omitted with the rule named.
        let stubborn = ScriptedChat([#"{"m1": "The Lion King (1994)"}"#, #"{"m1": "The Lion King, 1994."}"#])
        let omitted = await ReasonWriter(
            client: stubborn, prompts: try PromptLibrary(directory: PackagePaths.prompts), model: "m",
            configuration: ReasonConfiguration(maxRounds: 2)
        ).reasons(for: request, ranked: items, count: 1)
        #expect(omitted.reasons.isEmpty)
        #expect(omitted.omitted.first?.rule == .echo)
        #expect(omitted.omitted.first?.problem.hasPrefix("echo: ") == true)
    }

    @Test("with a judge, a reason graded below the threshold is asked for again naming the grade, and a kept one records its grade")
    func reasonJudge() async throws {
        let items = [
            Item(id: "m1", title: "Lion King, The (1994)", attributes: [.init(name: "genre", value: "Animation|Musical")]),
            Item(id: "m2", title: "Fargo (1996)", attributes: [.init(name: "genre", value: "Crime")]),
        ]
        let chat = ScriptedChat([
            #"{"m1": "You loved Toy Story, and this Animation classic sings.", "m2": "This is a Crime tale, unlike Toy Story."}"#,
            #"{"ratings": [3, 0]}"#,
            #"{"m2": "After Toy Story, a darker Crime story makes a change."}"#,
            #"{"ratings": [2]}"#,
        ])
        let writer = ReasonWriter(
            client: chat, prompts: try PromptLibrary(directory: PackagePaths.prompts), model: "m",
            configuration: ReasonConfiguration(judge: TextJudge(client: chat, model: "m", minGrade: 2)))
        let request = RerankRequest(id: "r", user: UserContext(id: "u", history: history), candidates: items, options: RerankOptions())
        let result = await writer.reasons(for: request, ranked: items, count: 2)
        #expect(chat.callCount == 4 && result.usage.llmCalls == 4)
        #expect(result.reasons.map(\.id) == ["m1", "m2"])
        #expect(result.reasons.map(\.scores.judgeGrade) == [3, 2])
        #expect(result.reasons.map(\.regenerated) == [false, true])
        #expect(result.rejected.map(\.id) == ["m2"] && result.rejected.first?.violations.map(\.rule) == [.judge])
        let judgePrompt = chat.requests[1].messages.map(\.content).joined(separator: "\n")
        #expect(judgePrompt.contains(TextJudge.rubric) && judgePrompt.contains("The user's history: "))
        let retry = chat.requests[2].messages.map(\.content).joined(separator: "\n")
        #expect(retry.contains("was rejected (judge: the judge graded it 0 of 3"))
        #expect(!retry.contains("id \"m1\""))
    }

    @Test("with a judge, a text graded below the threshold is rejected and the grade of a kept one is recorded")
    func judge() async throws {
        let answer =
            #"{"creatives":[{"headline":"Slow pours, better coffee","description":"A gooseneck kettle for slow, even pours."},{"headline":"Kettle dreams of moonlight","description":"It sings to the stars every night."}]}"#
        let chat = ScriptedChat([answer, #"{"ratings": [3, 0]}"#])
        var writer = CreativeWriter(client: chat, prompt: try CreativePrompt(promptsDirectory: PackagePaths.prompts), model: "m")
        writer.judge = TextJudge(client: chat, model: "m", minGrade: 2)
        let ad = AdRequest(
            id: "ad", product: .init(title: "AeroBrew Pour-Over Coffee Kettle"),
            constraints: CreativeConstraints(count: 2, candidates: 2, maxRounds: 1))
        let result = try await writer.write(ad).get()
        #expect(result.creatives.map(\.judgeGrade) == [3])
        #expect(result.rejected.map(\.rule) == [.judge])
        #expect(result.usage.llmCalls == 2)
        let judgePrompt = chat.requests[1].messages.map(\.content).joined(separator: "\n")
        #expect(judgePrompt.contains(TextJudge.rubric) && judgePrompt.contains("Product: AeroBrew Pour-Over Coffee Kettle"))
        guard case .object(let members) = result.outputJSON, let list = members.first(where: { $0.0 == "creatives" })?.1,
            case .array(let chosen) = list, case .object(let first)? = chosen.first,
            case .object(let scores)? = first.first(where: { $0.0 == "scores" })?.1
        else {
            Issue.record("no creatives in the output")
            return
        }
        #expect(scores.contains { $0.0 == "judge" && $0.1 == .int(3) })
    }
}
