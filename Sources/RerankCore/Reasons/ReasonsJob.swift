import Foundation
import JSONLines
import LLMClient

/// One line of `rerank-agent reasons`: `{"id", "user": {...}, "items": [...], "count": N}` (items best first;
/// `candidates` is accepted for `items`, so rerank requests and answers can be fed back in) becomes
/// `{"id", "reasons": [...], "reasons_omitted": [...], "totals": {...}}`, or an error record.
public struct ReasonsJob: Sendable {
    public let writer: ReasonWriter
    public let decoder: RequestDecoder
    /// Reasons per line unless the line says `count`.
    public let defaultCount: Int

    public init(writer: ReasonWriter, decoder: RequestDecoder, defaultCount: Int) {
        self.writer = writer
        self.decoder = decoder
        self.defaultCount = defaultCount
    }

    public func process(_ line: BatchLine) async -> BatchRecord {
        let data: Data
        switch line.content {
        case .tooLong(_, let length):
            let error = RequestError.lineTooLong(bytes: length, limit: decoder.limits.maxLineBytes)
            return .error(line.key, code: error.code.rawValue, message: error.message)
        case .line(let bytes): data = bytes
        }
        let request: RerankRequest
        let count: Int
        switch decode(data) {
        case .failure(let error): return .error(line.key, code: error.code.rawValue, message: error.message)
        case .success(let decoded): (request, count) = decoded
        }
        let started = ContinuousClock.now
        let result = await writer.reasons(for: request, ranked: request.candidates, count: count)
        let latencyMs = (ContinuousClock.now - started).wholeMilliseconds
        let rejected: [(String, OutputJSON)] =
            result.rejected.isEmpty ? [] : [("reasons_rejected", .array(result.rejected.map(\.outputJSON)))]
        let json = OutputJSON.object(
            line.key.outputMembers + result.outputMembers + rejected + [
                (
                    "totals",
                    .object([
                        ("llm_calls", .int(result.usage.llmCalls)), ("prompt_tokens", .int(result.usage.promptTokens)),
                        ("completion_tokens", .int(result.usage.completionTokens)), ("latency_ms", .int(latencyMs)),
                    ])
                )
            ])
        var counters = ["reasons": result.reasons.count, "omitted": result.omitted.count]
        counters["grounded"] = result.reasons.filter(\.scores.grounded).count
        for rejection in result.rejected { counters["rejected.\(rejection.violations.first?.rule.rawValue ?? "")", default: 0] += 1 }
        // Nothing written for the line (the endpoint failed or every reason was invalid): the summary counts it as degraded.
        if result.reasons.isEmpty, !result.omitted.isEmpty { counters["degraded"] = 1 }
        return BatchRecord(json: json, failed: false, usage: result.usage, counters: counters)
    }

    /// The line as a rerank request (items as candidates, in the order given) and how many reasons it wants.
    func decode(_ data: Data) -> Result<(RerankRequest, Int), RequestError> {
        var object: JSONObject
        switch RequestDecoder.object(in: data) {
        case .failure(let error): return .failure(error)
        case .success(let decoded): object = decoded
        }
        let id = RequestDecoder.idString(object["id"])
        var count = defaultCount
        if let raw = object.removeValue(forKey: "count"), raw != .null {
            guard let value = raw.wholeNumber(in: 1...50) else {
                return .failure(RequestError(.invalidField, "'count' must be a whole number from 1 to 50", id: id))
            }
            count = value
        }
        if let items = object.removeValue(forKey: "items") {
            guard object["candidates"] == nil else {
                return .failure(RequestError(.invalidField, "give 'items' or 'candidates', not both", id: id))
            }
            object["candidates"] = items
        }
        guard let rewritten = try? JSONEncoder().encode(JSONValue.object(object)) else {
            return .failure(RequestError(.internalError, "the line could not be re-encoded", id: id))
        }
        return decoder.decode(line: rewritten).map { ($0, count) }.mapError { error in
            var renamed = error
            renamed.message = renamed.message.replacingOccurrences(of: "'candidates", with: "'items")
            return renamed
        }
    }
}
