import JSONLines
import LLMClient

extension RequestDecoder {
    /// The options of first-token scoring, setwise and score fusion.
    func decodeScoringOptions(_ object: JSONObject, into options: inout RerankOptions) throws {
        if let raw = object["scoring"], raw != .null {
            guard let name = raw.stringValue, let mode = ScoringMode(rawValue: name) else {
                throw RequestError(.invalidField, "'options.scoring' must be one of \(ScoringMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.scoring = mode
        }
        if let raw = object["set_size"], raw != .null {
            guard case .number(let size) = raw, size.rounded() == size, (2...Double(FirstTokenLabels.maxLabels)).contains(size) else {
                throw RequestError(.invalidField, "'options.set_size' must be a whole number from 2 to \(FirstTokenLabels.maxLabels)")
            }
            options.setSize = Int(size)
        }
        if let raw = object["top_k"], raw != .null {
            guard case .number(let count) = raw, count.rounded() == count, (1...200).contains(count) else {
                throw RequestError(.invalidField, "'options.top_k' must be a whole number from 1 to 200")
            }
            options.topK = Int(count)
        }
        if let raw = object["fusion_mode"], raw != .null {
            guard let name = raw.stringValue, let mode = FusionMode(rawValue: name) else {
                throw RequestError(.invalidField, "'options.fusion_mode' must be one of \(FusionMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.fusionMode = mode
        }
    }
}
