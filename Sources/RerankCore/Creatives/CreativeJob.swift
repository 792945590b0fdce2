import Foundation

/// One line of `rerank-agent creatives`: decode the ad, write its creatives, make the output record.
/// A bad line or a failed endpoint becomes an error record for that id; nothing here stops the batch.
public struct CreativeJob: Sendable {
    public let decoder: AdRequestDecoder
    public let writer: CreativeWriter

    public init(decoder: AdRequestDecoder, writer: CreativeWriter) {
        self.decoder = decoder
        self.writer = writer
    }

    public func process(_ line: BatchLine) async -> BatchRecord {
        let data: [UInt8]
        switch line.content {
        case .tooLong(_, let length):
            let error = RequestError.lineTooLong(bytes: length, limit: decoder.limits.maxLineBytes)
            return .error(line.key, code: error.code.rawValue, message: error.message)
        case .line(let bytes): data = Array(bytes)
        }
        let ad: AdRequest
        switch decoder.decode(line: .init(data)) {
        case .failure(let error):
            return .error(line.key, code: error.code.rawValue, message: error.message)
        case .success(let decoded):
            ad = decoded
        }
        switch await writer.write(ad) {
        case .failure(let failure):
            return .error(line.key, code: "endpoint_failed", message: failure.message, usage: failure.usage)
        case .success(let result):
            var counters = result.rejectionCounts
            counters["creatives"] = result.creatives.count
            if result.creatives.count < ad.constraints.count { counters["short_sets"] = 1 }
            return BatchRecord(json: result.outputJSON, failed: false, usage: result.usage, counters: counters)
        }
    }
}
