import Foundation

/// One line of `rerank-agent rerank`: a `serve` request line becomes the answer `serve` would write for it (the
/// same `RerankResponse`), or an error record, so the batch job and the filter can never drift apart.
public struct RerankJob: Sendable {
    public let decoder: RequestDecoder
    public let service: RerankService

    public init(decoder: RequestDecoder, service: RerankService) {
        self.decoder = decoder
        self.service = service
    }

    /// The answer record for one input line; never throws, never omits a candidate.
    public func process(_ line: BatchLine) async -> BatchRecord {
        let data: Data
        switch line.content {
        case .tooLong(_, let length):
            let error = RequestError.lineTooLong(bytes: length, limit: decoder.limits.maxLineBytes)
            return .error(line.key, code: error.code.rawValue, message: error.message)
        case .line(let bytes): data = bytes
        }
        let request: RerankRequest
        switch decoder.decode(line: data) {
        case .failure(let error): return .error(line.key, code: error.code.rawValue, message: error.message)
        case .success(let decoded): request = decoded
        }
        let response = await service.rerank(request)
        return BatchRecord(
            json: response.outputJSON, failed: false, usage: TokenUsage(response.diagnostics.counters),
            counters: ["degraded": response.degraded ? 1 : 0])
    }
}
