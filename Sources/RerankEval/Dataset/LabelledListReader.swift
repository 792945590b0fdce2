import Foundation
import JSONLines
import LLMClient
import RerankCore

/// Reads labelled lists: request lines as `serve` takes them, plus `labels` and optional `metadata.popularity`.
public struct LabelledListReader: Sendable {
    public var decoder: RequestDecoder

    public init(decoder: RequestDecoder = RequestDecoder(limits: RequestLimits(maxHistory: 10_000))) {
        self.decoder = decoder
    }

    /// Every list in a JSON Lines file; the first bad line stops the read with its line number. Lines end at LF
    /// or CRLF and a byte-order mark at the start is skipped (see `LineSplitter.lines(of:)`).
    public func read(path: String) throws -> [LabelledList] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DatasetError.unreadable(path: path, reason: error.localizedDescription)
        }
        var lists: [LabelledList] = []
        var ids: Set<String> = []
        for (index, line) in LineSplitter.lines(of: data).enumerated() {
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) { continue }
            let list = try parse(Data(line), path: path, lineNumber: index + 1)
            guard ids.insert(list.request.id).inserted else {
                throw DatasetError.badList(
                    path: path, line: index + 1, detail: "id '\(list.request.id)' repeats an earlier list; ids must be unique")
            }
            lists.append(list)
        }
        guard !lists.isEmpty else {
            throw DatasetError.empty(path: path, detail: "no labelled lists; make some with 'rerank-agent eval build'")
        }
        return lists
    }

    /// One line.
    public func parse(_ line: Data, path: String = "<input>", lineNumber: Int = 1) throws -> LabelledList {
        let request: RerankRequest
        switch decoder.decode(line: line) {
        case .success(let decoded): request = decoded
        case .failure(let error): throw DatasetError.badList(path: path, line: lineNumber, detail: error.message)
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            throw DatasetError.badList(path: path, line: lineNumber, detail: "the line is not valid JSON (\(error))")
        }
        guard case .object(let object) = value else {
            throw DatasetError.badList(path: path, line: lineNumber, detail: "the line is not a JSON object")
        }
        guard let rawLabels = object["labels"]?.objectValue else {
            throw DatasetError.badList(
                path: path, line: lineNumber, detail: "'labels' is missing; give {\"item_id\": relevance} for the relevant candidates")
        }
        var labels: [String: Double] = [:]
        for (id, value) in rawLabels {
            guard case .number(let relevance) = value, relevance.isFinite else {
                throw DatasetError.badList(
                    path: path, line: lineNumber, detail: "labels['\(id)'] must be a number (graded relevance, 0 = not relevant)")
            }
            labels[id] = relevance
        }
        var popularity: [String: Double]?
        if let counts = object["metadata"]?.objectValue?["popularity"]?.objectValue {
            var parsed: [String: Double] = [:]
            for (id, value) in counts {
                if case .number(let count) = value { parsed[id] = count }
            }
            popularity = parsed
        }
        return LabelledList(request: request, labels: labels, popularity: popularity)
    }
}
