import Foundation
import JSONLines

extension RequestDecoder {
    /// A line's top-level JSON object, read by the strict parser. A line that does not parse fails naming the
    /// byte where parsing stopped, one that is not an object says so; both keep the id when it can be read.
    static func object(in line: Data) -> Result<JSONObject, RequestError> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            return .failure(RequestError(.invalidJSON, "the line is not valid JSON (\(error))", id: probeID(in: line)))
        }
        guard case .object(let object) = value else {
            return .failure(RequestError(.invalidJSON, "the line is not a JSON object", id: probeID(in: line)))
        }
        return .success(object)
    }
}
