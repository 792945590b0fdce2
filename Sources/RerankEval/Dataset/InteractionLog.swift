/// Interactions read from a RecBole `.inter` file, turned into held-out cases.
///
/// A raw file (`user_id`, `item_id`, optional `timestamp`) is split leave-last-out: each user's interactions are
/// sorted by timestamp (ties keep file order), the last one is the target and the others are the training part.
/// A pre-split sequential file (`item_id_list:token_seq` and the target `item_id`) gives one case per row; its
/// histories are the training part.
public struct InteractionLog: Sendable {
    public var cases: [HeldOutCase]
    /// Items each user interacted with, targets included: never sampled as that user's negatives.
    public var interacted: [String: Set<String>]
    /// Interaction counts in the training part: the upstream score and the popularity baseline.
    public var popularity: [String: Int]
    /// Every item id seen, in natural order.
    public var itemIDs: [String]
    /// True for a pre-split sequential file.
    public var isSequential: Bool

    public init(file: AtomicFile) throws {
        let userColumn = try file.requireColumn("user_id")
        let itemColumn = try file.requireColumn("item_id")
        if let listColumn = file.column("item_id_list") {
            try self.init(sequentialFile: file, userColumn: userColumn, listColumn: listColumn, targetColumn: itemColumn)
        } else {
            try self.init(rawFile: file, userColumn: userColumn, itemColumn: itemColumn, timeColumn: file.column("timestamp"))
        }
    }

    private init(rawFile file: AtomicFile, userColumn: Int, itemColumn: Int, timeColumn: Int?) throws {
        var byUser: [String: [(item: String, time: Double, row: Int)]] = [:]
        for (index, row) in file.rows.enumerated() {
            let user = row[userColumn].trimmingCharacters(in: .whitespaces)
            let item = row[itemColumn].trimmingCharacters(in: .whitespaces)
            guard !user.isEmpty, !item.isEmpty else {
                throw DatasetError.badRow(path: file.path, line: index + 2, detail: "user_id and item_id must not be empty")
            }
            var time = Double(index)
            if let timeColumn {
                guard let parsed = Double(row[timeColumn].trimmingCharacters(in: .whitespaces)) else {
                    throw DatasetError.badRow(path: file.path, line: index + 2, detail: "timestamp '\(row[timeColumn])' is not a number")
                }
                time = parsed
            }
            byUser[user, default: []].append((item, time, index))
        }
        var cases: [HeldOutCase] = []
        var interacted: [String: Set<String>] = [:]
        var popularity: [String: Int] = [:]
        var seen: Set<String> = []
        for user in byUser.keys.sorted(by: NaturalOrder.precedes) {
            guard let events = byUser[user] else { continue }
            let ordered = events.sorted { $0.time != $1.time ? $0.time < $1.time : $0.row < $1.row }.map(\.item)
            interacted[user] = Set(ordered)
            seen.formUnion(ordered)
            guard let target = ordered.last else { continue }
            let history = Array(ordered.dropLast())
            for item in history { popularity[item, default: 0] += 1 }
            cases.append(HeldOutCase(id: user, userID: user, history: history, target: target))
        }
        guard !cases.isEmpty else { throw DatasetError.empty(path: file.path, detail: "no interactions") }
        self.cases = cases
        self.interacted = interacted
        self.popularity = popularity
        self.itemIDs = seen.sorted(by: NaturalOrder.precedes)
        self.isSequential = false
    }

    private init(sequentialFile file: AtomicFile, userColumn: Int, listColumn: Int, targetColumn: Int) throws {
        var rowsByUser: [String: [(history: [String], target: String)]] = [:]
        var userOrder: [String] = []
        var interacted: [String: Set<String>] = [:]
        var popularity: [String: Int] = [:]
        var seen: Set<String> = []
        for (index, row) in file.rows.enumerated() {
            let user = row[userColumn].trimmingCharacters(in: .whitespaces)
            let target = row[targetColumn].trimmingCharacters(in: .whitespaces)
            guard !user.isEmpty, !target.isEmpty else {
                throw DatasetError.badRow(path: file.path, line: index + 2, detail: "user_id and item_id must not be empty")
            }
            let history = row[listColumn].split(separator: " ").map(String.init)
            if rowsByUser[user] == nil { userOrder.append(user) }
            rowsByUser[user, default: []].append((history, target))
            interacted[user, default: []].formUnion(history + [target])
            seen.formUnion(history + [target])
            for item in history { popularity[item, default: 0] += 1 }
        }
        var cases: [HeldOutCase] = []
        for user in userOrder.sorted(by: NaturalOrder.precedes) {
            let rows = rowsByUser[user] ?? []
            for (number, row) in rows.enumerated() {
                let id = rows.count == 1 ? user : "\(user)#\(number + 1)"
                cases.append(HeldOutCase(id: id, userID: user, history: row.history, target: row.target))
            }
        }
        guard !cases.isEmpty else { throw DatasetError.empty(path: file.path, detail: "no sequences") }
        self.cases = cases
        self.interacted = interacted
        self.popularity = popularity
        self.itemIDs = seen.sorted(by: NaturalOrder.precedes)
        self.isSequential = true
    }
}
