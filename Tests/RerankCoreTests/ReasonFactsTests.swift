import Foundation
import LLMClient
import RerankRuntime
import Testing

@testable import RerankCore

@Suite("Reasons checked against the data: the item's genres, the history, the item itself")
struct ReasonFactsTests {
    private let history = [
        Item(id: "h1", title: "Twelve Monkeys", attributes: [.init(name: "genre", value: "Drama, Sci-Fi")]),
        Item(id: "h2", title: "Star Wars", attributes: [.init(name: "genre", value: "Action, Adventure, Romance, Sci-Fi, War")]),
        Item(id: "h3", title: "Roman Holiday", attributes: [.init(name: "genre", value: "Comedy, Romance")]),
    ]
    private let starTrek = Item(
        id: "230", title: "Star Trek IV: The Voyage Home",
        attributes: [.init(name: "year", value: "1986"), .init(name: "genre", value: "Action, Adventure, Sci-Fi")])
    private let foxfire = Item(id: "1147", title: "Foxfire", attributes: [.init(name: "genre", value: "Drama")])

    private func rules(_ text: String, for item: Item) -> [TextRule] {
        ReasonValidator.textViolations(
            of: text, item: item, history: history, recommended: [starTrek, foxfire], rules: TextRules(), requireGrounding: true
        ).map(\.rule)
    }

    @Test("a reason naming a genre the item lacks is wrong_attribute; its own genres, and genres inside a title, are fine")
    func wrongGenre() {
        #expect(rules("If you liked Star Wars, this Sci-Fi adventure takes you back to space.", for: starTrek).isEmpty)
        #expect(rules("Because you liked Roman Holiday, this Comedy pick is a good next choice.", for: starTrek) == [.wrongAttribute])
        #expect(rules("Like Twelve Monkeys, a quiet Drama about people under pressure.", for: foxfire).isEmpty)
        #expect(rules("A Romance as tender as Roman Holiday, told through one summer.", for: foxfire) == [.wrongAttribute])
        // "Star Wars" is a title, not the genre "War"; a year is never read as a genre.
        #expect(rules("Fans of Star Wars get Action and humour from 1986 here.", for: starTrek).isEmpty)
        let detail = ReasonFacts(item: starTrek, history: history, recommended: []).wrongAttribute(in: "A Romance for Star Wars fans.")
        #expect(
            detail == "it calls the item \"Romance\", which is not one of its genre values (Action, Adventure, Sci-Fi); name only those")
    }

    @Test("a common genre no item of the request has, named in any case, is wrong_attribute for an item with genres, and only then")
    func commonGenres() {
        // No item here is a Thriller or a Horror: the request's data alone would not know these are genres.
        #expect(rules("Twelve Monkeys fans get a thrilling Horror night with this one.", for: foxfire) == [.wrongAttribute])
        #expect(rules("Like Twelve Monkeys, a blend of drama and thriller suspense.", for: foxfire) == [.wrongAttribute])
        #expect(rules("Like Twelve Monkeys, a blend of drama and quiet suspense.", for: foxfire).isEmpty)
        // Plurals name the genre too, for grounding and for a genre the item lacks.
        #expect(rules("Like Twelve Monkeys, one for fans of quiet dramas about people.", for: foxfire).isEmpty)
        #expect(rules("Made for fans of thrillers and slow-burning suspense.", for: foxfire).contains(.wrongAttribute))
        #expect(rules("One for anyone who enjoys romantic comedies and a good laugh.", for: foxfire) == [.wrongAttribute])
        #expect(ReasonFacts.forms(of: "Comedy") == ["Comedy", "Comedies"] && ReasonFacts.forms(of: "Children's") == ["Children's"])
        #expect(ReasonFacts.forms(of: "Sci-Fi") == ["Sci-Fi", "Sci-Fis"] && ReasonFacts.forms(of: "静か") == ["静か"])
        let book = Item(id: "b1", title: "Quiet Pages", attributes: [.init(name: "format", value: "Paperback")])
        let plain = ReasonFacts(item: book, history: history, recommended: []).wrongAttribute(in: "A horror of a paperback.")
        #expect(plain == nil, "an item without a genre attribute is not held to the genre list")
    }

    @Test("a reason presenting the item itself as liked, or naming another recommended item outside the history, is self_reference")
    func selfReference() {
        #expect(rules("Because you liked Foxfire, this Drama pick is a good next choice.", for: foxfire) == [.selfReference])
        #expect(rules("Like Star Trek IV: The Voyage Home, this Drama is about an unlikely crew.", for: foxfire) == [.selfReference])
        // The item as the subject of its reason is fine; so is a title that is a common word in another case.
        #expect(rules("Foxfire is a quiet Drama that shares its mood with Twelve Monkeys.", for: foxfire).isEmpty)
        #expect(rules("A Drama that glows like foxfire, as moving as Twelve Monkeys.", for: foxfire).isEmpty)
        let facts = ReasonFacts(item: foxfire, history: history, recommended: [starTrek, foxfire])
        #expect(facts.selfReference(in: "You liked Foxfire.")?.contains("the item itself, \"Foxfire\"") == true)
        #expect(facts.selfReference(in: "Star Trek IV: The Voyage Home is a fine Drama too.")?.contains("another recommended item") == true)
        // A title that is also in the history may be named.
        let rewatch = ReasonFacts(item: Item(id: "h2", title: "Star Wars"), history: history, recommended: [])
        #expect(rewatch.selfReference(in: "You loved Star Wars once already.") == nil)
    }

    @Test("a reason that is only the item's title is an echo")
    func titleEcho() {
        #expect(rules("Foxfire.", for: foxfire).contains(.echo))
    }

    @Test("each item's prompt line names the genres it shares with the history, latest first, and no sentence to copy")
    func connections() throws {
        #expect(
            ReasonWriter.connections(of: starTrek, history: history)
                == #"shares Action with "Star Wars"; Adventure with "Star Wars"; Sci-Fi with "Star Wars""#)
        #expect(ReasonWriter.connections(of: foxfire, history: history) == #"shares Drama with "Twelve Monkeys""#)
        #expect(ReasonWriter.connections(of: Item(id: "x", title: "X"), history: history).hasPrefix("nothing in common"))
        let request = RerankRequest(
            id: "r", user: UserContext(id: "u", history: history), candidates: [starTrek, foxfire], options: RerankOptions())
        let writer = ReasonWriter(client: ScriptedChat([]), prompts: try PromptLibrary(directory: PackagePaths.prompts), model: "m")
        let chat = try writer.chatRequest(request, items: [starTrek, foxfire], attempt: 0)
        let prompt = chat.messages.map(\.content).joined(separator: "\n")
        #expect(prompt.contains(#"id "1147": "Foxfire" (genre: Drama); shares Drama with "Twelve Monkeys""#))
        #expect(prompt.contains(#"oldest first: "Twelve Monkeys", "Star Wars", "Roman Holiday"."#))
        #expect(!prompt.contains("Because you liked"))
        #expect(
            prompt.contains(
                #"{"230":["<why it suits them>","<another reason, said differently>","<another reason, said differently>","#
                    + #""<another reason, said differently>"],"1147":["<why it suits them>","<another reason, said differently>","#
                    + #""<another reason, said differently>","<another reason, said differently>"]}"#))
        var single = writer
        single.configuration.candidates = 1
        let one = try single.chatRequest(request, items: [starTrek, foxfire], attempt: 0).messages.map(\.content).joined()
        #expect(one.contains(#"{"230":"<why it suits them>","1147":"<why it suits them>"}"#))
    }

    @Test("a later attempt samples hotter, so a refused reason is not written again word for word")
    func retryTemperature() {
        #expect(ReasonWriter.temperature(0.6, attempt: 0) == 0.6)
        #expect(abs(ReasonWriter.temperature(0.6, attempt: 1) - 1.0) < 1e-9)
        #expect(ReasonWriter.temperature(0.6, attempt: 3) == 1.2)
        #expect(ReasonWriter.temperature(1.5, attempt: 1) == 1.5)
    }
}
