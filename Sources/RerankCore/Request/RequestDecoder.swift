import Foundation
import JSONLines
import LLMClient

/// Turns one JSON line into a validated request, or an error that names the field at fault.
public struct RequestDecoder: Sendable {
    public var limits: RequestLimits
    public var defaults: RerankOptions

    public init(limits: RequestLimits = RequestLimits(), defaults: RerankOptions = RerankOptions()) {
        self.limits = limits
        self.defaults = defaults
    }

    /// Top-level fields besides the request's own that lines may carry (evaluation labels, caller metadata).
    static let ignoredTopLevelFields: Set<String> = ["labels", "metadata"]
    static let topLevelFields: Set<String> = ["id", "user", "candidates", "options"]
    /// A request's options: the ranking options a request may set, and those only a request has.
    static let optionFields = Set(RankingOption.all.filter(\.requestable).map(\.name)).union(requestOnlyOptions)
    /// Options of one request that no configuration key sets.
    static let requestOnlyOptions: Set<String> = ["reasons", "diversify", "explain", "deadline_ms"]

    public func decode(line: Data) -> Result<RerankRequest, RequestError> {
        guard line.count <= limits.maxLineBytes else {
            return .failure(.lineTooLong(bytes: line.count, limit: limits.maxLineBytes, id: Self.probeID(in: line.prefix(4096))))
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            return .failure(RequestError(.invalidJSON, "the line is not valid JSON (\(error))", id: Self.probeID(in: line)))
        }
        guard case .object(let object) = value else {
            return .failure(RequestError(.invalidJSON, "the line must be a JSON object with id, user and candidates"))
        }
        let id = Self.idString(object["id"])
        do {
            return .success(try decode(object: object))
        } catch var error as RequestError {
            error.id = error.id ?? id
            return .failure(error)
        } catch {
            return .failure(RequestError(.internalError, "\(error)", id: id))
        }
    }

    private func decode(object: JSONObject) throws -> RerankRequest {
        for key in object.keys.sorted() where !Self.topLevelFields.contains(key) && !Self.ignoredTopLevelFields.contains(key) {
            throw RequestError(.unknownField, "unknown field '\(key)'; a request has id, user, candidates and options")
        }
        guard let rawID = object["id"], rawID != .null else {
            throw RequestError(.missingField, "'id' is missing; give each request a string id")
        }
        guard let id = Self.idString(rawID), !id.isEmpty else {
            throw RequestError(.invalidField, "'id' must be a non-empty string or an integer")
        }
        let cuts = InputCutCounter()
        let user = try decodeUser(object["user"], cuts: cuts)
        let candidates = try decodeCandidates(object["candidates"], cuts: cuts)
        let options = try decodeOptions(object["options"])
        let calls = RequestCost.maxCalls(candidates: candidates.count, options: options)
        guard calls <= limits.maxCallsPerRequest else {
            throw RequestError(
                .tooCostly,
                "the request could need \(calls) model calls (strategy \(options.strategy.rawValue), \(options.votes) votes, \(candidates.count) candidates), more than serve.max_calls_per_request (\(limits.maxCallsPerRequest)); lower options.votes or rerank.votes, send fewer candidates, or raise serve.max_calls_per_request"
            )
        }
        let dropped = max(0, user.history.count - limits.maxHistory)
        let keptUser = UserContext(id: user.id, history: Array(user.history.suffix(limits.maxHistory)))
        var request = RerankRequest(id: id, user: keptUser, candidates: candidates, options: options, droppedHistoryItems: dropped)
        if case .number = rawID { request.idIsInteger = true }
        request.inputCuts = cuts.cuts
        return request
    }

    private func decodeUser(_ value: JSONValue?, cuts: InputCutCounter) throws -> UserContext {
        guard let value, value != .null else { return UserContext(history: []) }
        guard case .object(let user) = value else {
            throw RequestError(.invalidField, "'user' must be an object with an optional id and a history list")
        }
        var history: [Item] = []
        switch user["history"] {
        case nil, .null?: break
        case .array(let entries)?:
            for (index, entry) in entries.enumerated() {
                history.append(try decodeItem(entry, path: "user.history[\(index)]", requireID: false, cuts: cuts))
            }
        default:
            throw RequestError(.invalidField, "'user.history' must be a list of items")
        }
        return UserContext(id: Self.idString(user["id"]), history: history)
    }

    private func decodeCandidates(_ value: JSONValue?, cuts: InputCutCounter) throws -> [Item] {
        guard let value, value != .null else {
            throw RequestError(.missingField, "'candidates' is missing; give the upstream ranker's top-K items")
        }
        guard case .array(let entries) = value else {
            throw RequestError(.invalidField, "'candidates' must be a list of items")
        }
        guard !entries.isEmpty else {
            throw RequestError(.invalidField, "'candidates' is empty; there is nothing to rank")
        }
        guard entries.count <= limits.maxCandidates else {
            throw RequestError(.tooManyCandidates, "\(entries.count) candidates, more than serve.max_candidates (\(limits.maxCandidates))")
        }
        // Ids are the same only when their bytes are: NFC and NFD spellings are two candidates.
        var seen: [ExactText: Int] = [:]
        var items: [Item] = []
        items.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            let item = try decodeItem(entry, path: "candidates[\(index)]", requireID: true, cuts: cuts)
            if let first = seen[ExactText(item.id)] {
                throw RequestError(
                    .duplicateCandidate, "candidates[\(index)] repeats id '\(item.id)' of candidates[\(first)]; ids must be unique")
            }
            seen[ExactText(item.id)] = index
            items.append(item)
        }
        return items
    }

    private func decodeItem(_ value: JSONValue, path: String, requireID: Bool, cuts: InputCutCounter) throws -> Item {
        guard case .object(let object) = value else {
            throw RequestError(.invalidField, "'\(path)' must be an object with id and title")
        }
        let id: String
        switch object["id"] {
        case nil, .null?:
            guard !requireID else { throw RequestError(.missingField, "'\(path).id' is missing") }
            id = ""
        case let raw?:
            guard let text = Self.idString(raw), !text.isEmpty else {
                throw RequestError(.invalidField, "'\(path).id' must be a non-empty string or an integer")
            }
            id = text
        }
        guard let rawTitle = object["title"], rawTitle != .null else {
            throw RequestError(.missingField, "'\(path).title' is missing; the model ranks by title and attributes")
        }
        guard case .string(let title) = rawTitle else {
            throw RequestError(.invalidField, "'\(path).title' must be a string")
        }
        let trimmedTitle = String(title.trimmingWhitespace())
        guard !trimmedTitle.isEmpty else {
            throw RequestError(.invalidField, "'\(path).title' is empty")
        }
        var attributes: [Item.Attribute] = []
        switch object["attributes"] {
        case nil, .null?: break
        case .object(let members)?:
            // In the request's order: the sender put what matters first, and the cut keeps the first ones.
            for (name, raw) in members {
                let text = String(raw.plainText.trimmingWhitespace())
                if !text.isEmpty {
                    attributes.append(.init(name: name, value: cuts.cap(text, limits.maxAttributeCharacters, counting: \.attributeValues)))
                }
            }
            cuts.cuts.attributesDropped += max(0, attributes.count - limits.maxAttributes)
            attributes = Array(attributes.prefix(limits.maxAttributes))
        default:
            throw RequestError(.invalidField, "'\(path).attributes' must be an object of names to values")
        }
        var score: Double?
        switch object["score"] {
        case nil, .null?: break
        case .number(let value)?:
            guard value.isFinite else { throw RequestError(.invalidField, "'\(path).score' must be a finite number") }
            score = value
        default:
            throw RequestError(.invalidField, "'\(path).score' must be a number")
        }
        var item = Item(
            id: id, title: cuts.cap(trimmedTitle, limits.maxTitleCharacters, counting: \.titles), attributes: attributes, score: score)
        switch object["text"] {
        case nil, .null?: break
        case .string(let text)?:
            let trimmed = String(text.trimmingWhitespace())
            if !trimmed.isEmpty, limits.maxTextCharacters > 0 { item.text = cuts.cap(trimmed, limits.maxTextCharacters, counting: \.texts) }
        default:
            throw RequestError(.invalidField, "'\(path).text' must be a string (a description or review snippet)")
        }
        return item
    }

    private func decodeOptions(_ value: JSONValue?) throws -> RerankOptions {
        var options = defaults
        guard let value, value != .null else { return options }
        guard case .object(let object) = value else {
            throw RequestError(.invalidField, "'options' must be an object")
        }
        for key in object.keys.sorted() where !Self.optionFields.contains(key) {
            throw RequestError(.unknownField, "unknown option '\(key)'; options are \(Self.optionFields.sorted().joined(separator: ", "))")
        }
        // In the table's order, so an option whose range depends on another is read after it.
        for option in RankingOption.all where option.requestable {
            if let raw = object[option.name], raw != .null { try option.decode(raw, into: &options) }
        }
        if let raw = object["reasons"], raw != .null {
            guard let count = raw.wholeNumber(in: OptionBounds.reasons) else {
                throw RequestError(
                    .invalidField, "'options.reasons' must be a whole number from \(OptionBounds.describe(OptionBounds.reasons))")
            }
            options.reasons = count
        }
        if let raw = object["diversify"], raw != .null {
            guard case .number(let lambda) = raw, OptionBounds.diversify.contains(lambda) else {
                throw RequestError(.invalidField, "'options.diversify' must be a number from 0 (diversity only) to 1 (relevance only)")
            }
            options.diversify = lambda
        }
        if let raw = object["deadline_ms"], raw != .null {
            guard let milliseconds = raw.wholeNumber(in: OptionBounds.deadlineMilliseconds) else {
                throw RequestError(
                    .invalidField,
                    "'options.deadline_ms' must be a whole number of milliseconds from \(OptionBounds.describe(OptionBounds.deadlineMilliseconds))"
                )
            }
            options.deadlineMilliseconds = milliseconds
        }
        if let raw = object["explain"], raw != .null {
            guard case .bool(let flag) = raw else {
                throw RequestError(.invalidField, "'options.explain' must be true or false")
            }
            options.explain = flag
        }
        return options
    }

    static func cap(_ text: String, _ limit: Int) -> String {
        // Short text on one line, nearly every title and value, is kept as it is without a copy.
        if text.utf8.count <= limit, !text.mayHoldControlCharacters { return text }
        let flattened = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard flattened.count > limit else { return flattened }
        return String(flattened.prefix(max(1, limit - 1))) + "…"
    }

    static func idString(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return text
        case .number(let number)? where number.rounded() == number && abs(number) < 1e15: return String(Int64(number))
        default: return nil
        }
    }

    /// The top-level id of a line that does not parse, exactly, or nil: see `TopLevelID`.
    public static func probeID(in line: Data) -> String? {
        TopLevelID.read(in: line)
    }

    static func describe(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        }
        return "\(error)"
    }
}
