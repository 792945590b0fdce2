import Foundation
import JSONLines
import LLMClient

/// Turns one line of `creatives` input into an `AdRequest`, or an error naming the field at fault.
public struct AdRequestDecoder: Sendable {
    public var defaults: CreativeConstraints
    public var limits: RequestLimits

    public init(defaults: CreativeConstraints = CreativeConstraints(), limits: RequestLimits = RequestLimits()) {
        self.defaults = defaults
        self.limits = limits
    }

    static let topLevelFields: Set<String> = ["id", "product", "audience", "constraints", "metadata"]
    static let productFields: Set<String> = ["title", "description", "brand", "attributes", "id", "url"]
    static let audienceFields: Set<String> = ["segment", "interests", "history"]

    public func decode(line: Data) -> Result<AdRequest, RequestError> {
        let object: JSONObject
        switch RequestDecoder.object(in: line) {
        case .failure(let error): return .failure(error)
        case .success(let decoded): object = decoded
        }
        let id = RequestDecoder.idString(object["id"])
        do throws(RequestError) {
            return .success(try decode(object: object))
        } catch {
            var failure = error
            failure.id = failure.id ?? id
            return .failure(failure)
        }
    }

    private func decode(object: JSONObject) throws(RequestError) -> AdRequest {
        for key in object.keys.sorted() where !Self.topLevelFields.contains(key) {
            throw RequestError(.unknownField, "unknown field '\(key)'; an ad has id, product, audience and constraints")
        }
        guard let id = RequestDecoder.idString(object["id"]), !id.isEmpty else {
            throw RequestError(object["id"] == nil ? .missingField : .invalidField, "'id' must be a non-empty string or an integer")
        }
        guard case .object(let productObject)? = object["product"] else {
            throw RequestError(
                object["product"] == nil ? .missingField : .invalidField, "'product' must be an object with at least a title")
        }
        let product = try decodeProduct(productObject)
        var audience = AdRequest.Audience()
        switch object["audience"] {
        case nil, .null?: break
        case .object(let members)?: audience = try decodeAudience(members)
        default: throw RequestError(.invalidField, "'audience' must be an object with segment, interests or history")
        }
        var constraints = defaults
        switch object["constraints"] {
        case nil, .null?: break
        case .object(let members)?: constraints = try defaults.overridden(by: members)
        default: throw RequestError(.invalidField, "'constraints' must be an object")
        }
        return AdRequest(id: id, product: product, audience: audience, constraints: constraints)
    }

    private func decodeProduct(_ object: JSONObject) throws(RequestError) -> AdRequest.Product {
        for key in object.keys.sorted() where !Self.productFields.contains(key) {
            throw RequestError(
                .unknownField, "unknown field 'product.\(key)'; a product has \(Self.productFields.sorted().joined(separator: ", "))")
        }
        guard let title = try text(object["title"], path: "product.title") else {
            throw RequestError(.missingField, "'product.title' is missing; creatives are written from it")
        }
        return AdRequest.Product(
            title: RequestDecoder.cap(title, limits.maxTitleCharacters),
            description: try text(object["description"], path: "product.description").map { RequestDecoder.cap($0, 1000) },
            brand: try text(object["brand"], path: "product.brand"),
            attributes: try attributes(object["attributes"], path: "product.attributes"))
    }

    private func decodeAudience(_ object: JSONObject) throws(RequestError) -> AdRequest.Audience {
        for key in object.keys.sorted() where !Self.audienceFields.contains(key) {
            throw RequestError(.unknownField, "unknown field 'audience.\(key)'; an audience has segment, interests and history")
        }
        var audience = AdRequest.Audience(segment: try text(object["segment"], path: "audience.segment"))
        switch object["interests"] {
        case nil, .null?: break
        case .array(let values)?:
            audience.interests = values.compactMap { $0.stringValue?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        default: throw RequestError(.invalidField, "'audience.interests' must be a list of strings")
        }
        switch object["history"] {
        case nil, .null?: break
        case .array(let entries)?:
            for (index, entry) in entries.suffix(limits.maxHistory).enumerated() {
                guard case .object(let item) = entry, let title = try text(item["title"], path: "audience.history[\(index)].title") else {
                    throw RequestError(.invalidField, "'audience.history[\(index)]' must be an object with a title")
                }
                audience.history.append(
                    Item(
                        id: RequestDecoder.idString(item["id"]) ?? "", title: RequestDecoder.cap(title, limits.maxTitleCharacters),
                        attributes: try attributes(item["attributes"], path: "audience.history[\(index)].attributes")))
            }
        default: throw RequestError(.invalidField, "'audience.history' must be a list of items")
        }
        return audience
    }

    private func text(_ value: JSONValue?, path: String) throws(RequestError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?:
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        default: throw RequestError(.invalidField, "'\(path)' must be a string")
        }
    }

    private func attributes(_ value: JSONValue?, path: String) throws(RequestError) -> [Item.Attribute] {
        switch value {
        case nil, .null?: return []
        case .object(let members)?:
            return Array(
                members.compactMap { name, raw -> Item.Attribute? in
                    let text = raw.plainText.trimmingCharacters(in: .whitespacesAndNewlines)
                    return text.isEmpty ? nil : Item.Attribute(name: name, value: RequestDecoder.cap(text, limits.maxAttributeCharacters))
                }.prefix(limits.maxAttributes * 2))
        default: throw RequestError(.invalidField, "'\(path)' must be an object of names to values")
        }
    }
}
