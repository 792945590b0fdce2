import Foundation
import JSONLines
import LLMClient

/// One line of `rerank-agent score`: a list to judge and its context.
///
/// ```json
/// {"id": "l1", "context": "text" | "user": {"history": [...]} | "product": {...},
///  "items": [{"id", "title", "attributes"}] | "creatives": [{"headline", "description"}] | "texts": ["..."],
///  "pool": [items], "constraints": {...}, "weights": {"relevance": 0.6, ...}}
/// ```
/// Creatives are checked against `constraints` (defaults as for `creatives`) and fail the reward when they break one.
public struct ScoreRequest: Sendable {
    public var id: String
    public var context: String
    public var elements: [ScoredElement]
    public var pool: [[Item.Attribute]]?
    public var weights: RewardWeights?

    /// The most elements (items, creatives or texts) one line may score. Diversity compares every pair (the
    /// similarity matrix, self-BLEU, creative duplicates), so work and memory grow with the square of the list:
    /// 1,000 elements, several times the longest list a ranking stage shows, make a matrix of 8 MB, while the
    /// 200,000 short texts a 1 MiB line can hold would need 320 GB and abort the process, losing every answer.
    public static let maxElements = 1_000

    static let fields: Set<String> = ["id", "context", "user", "product", "items", "creatives", "texts", "pool", "constraints", "weights"]

    /// Decodes a line; `constraints` are the creative defaults a line's own `constraints` override.
    public static func decode(_ data: Data, constraints defaults: CreativeConstraints = CreativeConstraints()) -> Result<
        ScoreRequest, RequestError
    > {
        let object: JSONObject
        switch RequestDecoder.object(in: data) {
        case .failure(let error): return .failure(error)
        case .success(let decoded): object = decoded
        }
        let id = RequestDecoder.idString(object["id"]) ?? ""
        do throws(RequestError) {
            return .success(try decode(object, id: id, defaults: defaults))
        } catch {
            var failure = error
            failure.id = failure.id ?? (id.isEmpty ? nil : id)
            return .failure(failure)
        }
    }

    private static func decode(_ object: JSONObject, id: String, defaults: CreativeConstraints) throws(RequestError) -> ScoreRequest {
        for key in object.keys.sorted() where !fields.contains(key) {
            throw RequestError(.unknownField, "unknown field '\(key)'; a score line has \(fields.sorted().joined(separator: ", "))")
        }
        let context = try contextText(object)
        var elements: [ScoredElement] = []
        let lists = ["items", "creatives", "texts"].filter { object[$0] != nil }
        guard lists.count == 1, case .array(let entries)? = object[lists[0]] else {
            throw RequestError(.invalidField, "give exactly one list to score: 'items', 'creatives' or 'texts'")
        }
        guard entries.count <= maxElements else {
            throw RequestError(
                .tooManyElements,
                "'\(lists[0])' holds \(entries.count) elements, more than a score line may hold (\(maxElements)); split the list over several lines"
            )
        }
        switch lists[0] {
        case "items":
            elements = try entries.enumerated().map { (index, entry) throws(RequestError) in
                ScoredElement(item: try item(entry, path: "items[\(index)]", index: index))
            }
        case "creatives":
            var constraints = defaults
            if case .object(let members)? = object["constraints"] { constraints = try defaults.overridden(by: members) }
            let checker = CreativeChecker(constraints: constraints)
            var accepted: [Creative] = []
            for (index, entry) in entries.enumerated() {
                guard case .object(let fields) = entry, let headline = fields["headline"]?.stringValue,
                    let description = fields["description"]?.stringValue
                else {
                    throw RequestError(.invalidField, "'creatives[\(index)]' must have a string headline and description")
                }
                let creative = Creative(headline: headline, description: description)
                let violations = checker.violations(of: creative, accepted: accepted)
                accepted.append(creative)
                elements.append(ScoredElement(id: String(index + 1), text: creative.text, violations: violations.map(\.rule.rawValue)))
            }
        default:
            elements = try entries.enumerated().map { (index, entry) throws(RequestError) in
                guard let text = entry.stringValue else { throw RequestError(.invalidField, "'texts[\(index)]' must be a string") }
                return ScoredElement(id: String(index + 1), text: text)
            }
        }
        var pool: [[Item.Attribute]]?
        if case .array(let entries)? = object["pool"] {
            pool = try entries.enumerated().map { (index, entry) throws(RequestError) in
                try item(entry, path: "pool[\(index)]", index: index).attributes
            }
        }
        var weights: RewardWeights?
        if case .object(let members)? = object["weights"] {
            let text = members.keys.sorted().map { "\($0)=\(members[$0]?.plainText ?? "")" }.joined(separator: ",")
            do {
                weights = try RewardWeights(parsing: text)
            } catch {
                throw RequestError(.invalidField, "'weights': \(error.message)")
            }
        }
        return ScoreRequest(id: id, context: context, elements: elements, pool: pool, weights: weights)
    }

    private static func contextText(_ object: JSONObject) throws(RequestError) -> String {
        if let text = object["context"]?.stringValue { return text }
        if case .object(let user)? = object["user"] {
            guard case .array(let history)? = user["history"] else { return "" }
            return try history.enumerated().map { (index, entry) throws(RequestError) in
                ScoredElement(item: try item(entry, path: "user.history[\(index)]", index: index)).text
            }
            .joined(separator: " ")
        }
        if case .object(let product)? = object["product"] {
            return ["title", "brand", "description"].compactMap { product[$0]?.stringValue }.joined(separator: " ")
                + " " + (product["attributes"]?.plainText ?? "")
        }
        throw RequestError(.missingField, "no context: give 'context' (text), 'user' (with history) or 'product'")
    }

    private static func item(_ value: JSONValue, path: String, index: Int) throws(RequestError) -> Item {
        guard case .object(let fields) = value, let title = fields["title"]?.stringValue else {
            throw RequestError(.invalidField, "'\(path)' must be an object with a title")
        }
        var attributes: [Item.Attribute] = []
        if case .object(let members)? = fields["attributes"] {
            attributes = members.keys.sorted().compactMap { name in
                let text = members[name]?.plainText ?? ""
                return text.isEmpty ? nil : Item.Attribute(name: name, value: text)
            }
        }
        return Item(id: RequestDecoder.idString(fields["id"]) ?? String(index + 1), title: title, attributes: attributes)
    }
}
