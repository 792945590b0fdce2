import JSONLines
import LLMClient

extension RequestDecoder {
    /// The options of first-token scoring, setwise and score fusion.
    func decodeScoringOptions(_ object: JSONObject, into options: inout RerankOptions) throws {
        if let raw = object["scoring"], raw != .null {
            guard let name = raw.stringValue, let mode = ScoringMode(rawValue: name) else {
                throw RequestError(
                    .invalidField, "'options.scoring' must be one of \(ScoringMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.scoring = mode
        }
        if let raw = object["set_size"], raw != .null {
            guard let size = raw.wholeNumber(in: OptionBounds.setSize) else {
                throw RequestError(
                    .invalidField, "'options.set_size' must be a whole number from \(OptionBounds.describe(OptionBounds.setSize))")
            }
            options.setSize = size
        }
        if let raw = object["top_k"], raw != .null {
            guard let count = raw.wholeNumber(in: OptionBounds.topK) else {
                throw RequestError(.invalidField, "'options.top_k' must be a whole number from \(OptionBounds.describe(OptionBounds.topK))")
            }
            options.topK = count
        }
        if let raw = object["fusion_mode"], raw != .null {
            guard let name = raw.stringValue, let mode = FusionMode(rawValue: name) else {
                throw RequestError(
                    .invalidField, "'options.fusion_mode' must be one of \(FusionMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.fusionMode = mode
        }
        if let raw = object["calibration"], raw != .null {
            guard let name = raw.stringValue, let calibration = LabelCalibration(rawValue: name) else {
                throw RequestError(
                    .invalidField,
                    "'options.calibration' must be one of \(LabelCalibration.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.calibration = calibration
        }
    }
}
