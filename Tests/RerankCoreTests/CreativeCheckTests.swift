import Foundation
import Testing

@testable import RerankCore

@Suite("Creative hard checks")
struct CreativeCheckTests {
    /// The editorial rules only: the text rules (complete, echo, degenerate) have their own tests in TextRuleTests.
    private func rules(
        _ headline: String, _ description: String = "A plain description.", constraints: CreativeConstraints = CreativeConstraints(),
        accepted: [Creative] = []
    ) -> [CreativeRule] {
        var constraints = constraints
        constraints.textRules.skipped = Set(TextRule.allCases)
        return CreativeChecker(constraints: constraints).violations(
            of: Creative(headline: headline, description: description), accepted: accepted
        ).map(\.rule)
    }

    @Test("a clean creative passes every rule")
    func clean() {
        #expect(rules("Trail shoes for wet days", "Grip and comfort on muddy runs.").isEmpty)
    }

    @Test("double-width characters count twice toward the length limits")
    func width() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("静音マウス") == 10)
        #expect(DisplayWidth.of("Ａ") == 2)
        #expect(DisplayWidth.of("ｶ") == 1)
        #expect(DisplayWidth.of("") == 0)
        let tight = CreativeConstraints(headlineMaxChars: 9, descriptionMaxChars: 12)
        #expect(rules("静音マウス", "ok", constraints: tight) == [.headlineLength])
        #expect(rules("静音マウス", "ok", constraints: CreativeConstraints(headlineMaxChars: 10)).isEmpty)
        #expect(rules("Quiet", "静かなクリック音です", constraints: tight) == [.descriptionLength])
    }

    @Test("a text over its limit is told its exact fault: the text quoted, its length, the limit and about how many words fit")
    func lengthFault() {
        let checker = CreativeChecker(constraints: CreativeConstraints())
        let long = Creative(
            headline: "Stillpoint Yoga Mat Pro 6 mm: Essential for Pilates", description: "A mat that grips on every pose you try.")
        #expect(
            checker.violations(of: long).first?.detail
                == "the headline \"Stillpoint Yoga Mat Pro 6 mm: Essential for Pilates\" is 51 characters; the limit is 30 (about 4 words)")
        let wide = Creative(headline: "露营派对必备：便携式蓝牙音箱好声音", description: "户外派对的必备神器。")
        #expect(
            checker.violations(of: wide).first?.detail
                == "the headline \"露营派对必备：便携式蓝牙音箱好声音\" counts 34 (Chinese, Japanese and Korean characters count 2); the limit is 30, about 15 such characters"
        )
        #expect(CreativeConstraints().headlineWords == 4 && CreativeConstraints().descriptionWords == 12)
    }

    @Test("banned terms match whole words in any case, not inside longer words")
    func banned() {
        let constraints = CreativeConstraints(bannedTerms: ["cheap", "最好"])
        #expect(rules("Cheap trail shoes", constraints: constraints) == [.bannedTerm])
        #expect(rules("Trail shoes", "Not cheap.", constraints: constraints) == [.bannedTerm])
        #expect(rules("Cheapest trail shoes", constraints: constraints).isEmpty)
        #expect(rules("音质最好的音箱", "露营必备", constraints: constraints) == [.bannedTerm])
    }

    @Test("required terms must appear as whole words in the headline or description")
    func required() {
        let constraints = CreativeConstraints(requiredTerms: ["Nordpeak"])
        #expect(rules("nordpeak trail shoes", constraints: constraints).isEmpty)
        #expect(rules("Trail shoes", "Made by Nordpeak.", constraints: constraints).isEmpty)
        #expect(rules("Trail shoes", constraints: constraints) == [.requiredTerm])
        #expect(rules("Nordpeaks trail shoes", constraints: constraints) == [.requiredTerm])
    }

    @Test("repeated punctuation such as !!, ?! and ... is refused, single marks are not")
    func repeatedPunctuation() {
        #expect(rules("Run now!!").contains(.repeatedPunctuation))
        #expect(rules("Ready?!").contains(.repeatedPunctuation))
        #expect(rules("Wait...") == [.repeatedPunctuation])
        #expect(rules("静かです。。") == [.repeatedPunctuation])
        #expect(rules("Light, fast. Ready?").isEmpty)
        #expect(rules("Say \"go\".").isEmpty)
    }

    @Test("capitals are refused beyond acronyms, except allowed acronyms and required terms")
    func allCaps() {
        #expect(rules("AMAZING trail shoes") == [.allCaps])
        #expect(rules("FREE shipping today") == [.allCaps])
        #expect(rules("USB-C desk lamp").isEmpty)
        #expect(rules("Lamp with LED light").isEmpty)
        #expect(rules("NORDPEAK trail shoes", constraints: CreativeConstraints(requiredTerms: ["Nordpeak"])) == [.allCaps])
        #expect(rules("ASICS trail shoes", constraints: CreativeConstraints(requiredTerms: ["ASICS"])).isEmpty)
        #expect(rules("PHILIPS lamp", constraints: CreativeConstraints(allowedAcronyms: ["PHILIPS"])).isEmpty)
        #expect(rules("I love it").isEmpty)
    }

    @Test("emoji are refused; trademark signs and digits are not")
    func emoji() {
        #expect(rules("Run far 🏃") == [.emoji])
        #expect(rules("Sunny days ☀️") == [.emoji])
        #expect(rules("Nordpeak™ shoes ©2024 size 42").isEmpty)
    }

    @Test("at most one exclamation mark per creative")
    func exclamation() {
        #expect(rules("Run now!", "Ready when you are.").isEmpty)
        #expect(rules("Run now!", "Go far!") == [.exclamation])
        #expect(rules("走ろう！", "今すぐ！") == [.exclamation])
    }

    @Test("an exact or normalised duplicate of an accepted creative is refused")
    func duplicate() {
        let accepted = [Creative(headline: "Run Far", description: "Grip on mud.")]
        #expect(rules("run far", "Something else entirely.", accepted: accepted) == [.duplicate])
        #expect(rules("Other headline", "GRIP on mud", accepted: accepted) == [.duplicate])
        #expect(rules("Other headline", "Other words.", accepted: accepted).isEmpty)
        #expect(CreativeChecker.isDuplicate(Creative(headline: "Ｒｕｎ ｆａｒ", description: "x"), of: accepted[0]))
    }

    @Test("an empty headline or description is refused")
    func empty() {
        #expect(rules("", "Something.") == [.empty])
        #expect(rules("Headline", "  ") == [.empty])
        #expect(rules("-", "Something.") == [.empty])
    }

    @Test("a line's constraints override the defaults field by field, and unknown fields are refused")
    func constraints() throws {
        let base = CreativeConstraints(count: 5, bannedTerms: ["cheap"])
        let overridden = try base.overridden(by: ["count": 2, "required_terms": ["Kaze"], "language": "Japanese"])
        #expect(
            overridden.count == 2 && overridden.requiredTerms == ["Kaze"] && overridden.bannedTerms == ["cheap"]
                && overridden.language == "Japanese")
        #expect(throws: RequestError.self) { try base.overridden(by: ["headline_max": 20]) }
        #expect(throws: RequestError.self) { try base.overridden(by: ["count": 0]) }
        #expect(throws: RequestError.self) { try base.overridden(by: ["banned_terms": "cheap"]) }
    }

    @Test("ad lines decode with their constraints, and a bad line names the field with its id")
    func adDecoding() throws {
        let decoder = AdRequestDecoder()
        let line = #"{"id":7,"product":{"title":"Lamp","brand":"Halden","attributes":{"power":"9 W"}},"constraints":{"count":2}}"#
        let ad = try decoder.decode(line: Data(line.utf8)).get()
        #expect(ad.id == "7" && ad.product.brand == "Halden" && ad.constraints.count == 2 && ad.product.attributes.count == 1)
        guard case .failure(let error) = decoder.decode(line: Data(#"{"id":"x","product":{"brand":"b"}}"#.utf8)) else {
            Issue.record("a product without a title was accepted")
            return
        }
        #expect(error.id == "x" && error.code == .missingField)
        guard case .failure(let broken) = decoder.decode(line: Data(#"{"id":"y","product":"#.utf8)) else {
            Issue.record("broken JSON was accepted")
            return
        }
        #expect(broken.id == "y" && broken.code == .invalidJSON)
    }

    @Test("an ad line that is not JSON names the byte where it breaks; one that is not an object says so")
    func adJSONPosition() {
        guard case .failure(let broken) = AdRequestDecoder().decode(line: Data(#"{"id":"y","product":}"#.utf8)) else {
            Issue.record("broken JSON was accepted")
            return
        }
        #expect(broken.code == .invalidJSON && broken.message.contains("at byte 20"))
        guard case .failure(let list) = AdRequestDecoder().decode(line: Data("[1]".utf8)) else {
            Issue.record("a list was accepted")
            return
        }
        #expect(list.code == .invalidJSON && list.message == "the line is not a JSON object")
    }
}
