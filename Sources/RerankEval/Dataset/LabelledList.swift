import JSONLines
import RerankCore

/// A rerank request with graded relevance labels: one evaluation case.
public struct LabelledList: Sendable, Hashable {
    public var request: RerankRequest
    /// Graded relevance by item id; a missing id is not relevant.
    public var labels: [String: Double]
    /// Interaction counts by item id, from `metadata.popularity`; nil when the line has none.
    public var popularity: [String: Double]?

    public init(request: RerankRequest, labels: [String: Double], popularity: [String: Double]? = nil) {
        self.request = request
        self.labels = labels
        self.popularity = popularity
    }

    /// Candidate ids in the order the line gives them.
    public var candidateIDs: [String] { request.candidates.map(\.id) }

    /// The line as `eval build` writes it: the request, its labels, and metadata the harness reads back.
    public var jsonLine: String {
        var members: [(String, OutputJSON)] = [("id", .string(request.id))]
        var user: [(String, OutputJSON)] = []
        if let id = request.user.id { user.append(("id", .string(id))) }
        user.append(("history", .array(request.user.history.map(Self.itemJSON))))
        members.append(("user", .object(user)))
        members.append(("candidates", .array(request.candidates.map(Self.itemJSON))))
        let labelled =
            request.candidates.map(\.id).filter { labels[$0] != nil }
            + labels.keys.filter { id in !request.candidates.contains { $0.id == id } }.sorted()
        members.append(("labels", .object(labelled.compactMap { id in labels[id].map { (id, OutputJSON.double($0)) } })))
        if let popularity {
            let counts = request.candidates.map { ($0.id, OutputJSON.double(popularity[$0.id] ?? 0)) }
            members.append(("metadata", .object([("popularity", .object(counts))])))
        }
        return OutputJSON.object(members).serialized
    }

    static func itemJSON(_ item: Item) -> OutputJSON {
        var members: [(String, OutputJSON)] = [("id", .string(item.id)), ("title", .string(item.title))]
        if let score = item.score { members.append(("score", .double(score))) }
        if let text = item.text { members.append(("text", .string(text))) }
        if !item.attributes.isEmpty {
            members.append(("attributes", .object(item.attributes.map { ($0.name, .string($0.value)) })))
        }
        return .object(members)
    }
}
