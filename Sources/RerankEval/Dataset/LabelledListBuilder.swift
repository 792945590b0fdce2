import RerankCore

/// Builds labelled lists from interaction logs, the zero-shot-ranker protocol: the last H items before the
/// held-out target as history, the target plus K−1 negatives as candidates, the target labelled 1.
public struct LabelledListBuilder: Sendable {
    /// Where a target missing from a candidate-file line goes.
    public enum TargetPlacement: String, Sendable, Hashable, CaseIterable {
        case random, first, last
    }

    /// Builder settings; the defaults are the published protocol (20 history items, 20 candidates).
    public struct Settings: Sendable, Hashable {
        /// History items kept before the target; older ones are dropped first.
        public var historyLength: Int
        /// Candidates per list, the target included.
        public var listSize: Int
        /// Cases with fewer history items are skipped.
        public var minimumHistory: Int
        /// How many users to keep (a seeded sample); nil keeps them all.
        public var users: Int?
        public var seed: UInt64
        public var targetPlacement: TargetPlacement

        public init(historyLength: Int = 20, listSize: Int = 20, minimumHistory: Int = 1, users: Int? = nil, seed: UInt64 = 0, targetPlacement: TargetPlacement = .random) {
            self.historyLength = historyLength
            self.listSize = listSize
            self.minimumHistory = minimumHistory
            self.users = users
            self.seed = seed
            self.targetPlacement = targetPlacement
        }
    }

    /// What the build made and what it left out, for the user to check.
    public struct Outcome: Sendable {
        public var lists: [LabelledList]
        /// Cases skipped for too short a history.
        public var skippedShortHistory: Int
        /// Users without a line in the candidate file.
        public var skippedNoCandidates: Int
        /// Lists that got fewer than `listSize` candidates (too few items left to sample, or a short candidate line).
        public var shortLists: Int
    }

    public var settings: Settings

    /// A builder with the given protocol settings.
    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// Builds one list per held-out case of the selected users.
    public func build(log: InteractionLog, catalog: ItemCatalog, candidateFile: CandidateFile? = nil) throws -> Outcome {
        guard settings.listSize >= 1 else { throw DatasetError.invalidSetting("the list size must be at least 1, got \(settings.listSize)") }
        guard settings.historyLength >= 0 else { throw DatasetError.invalidSetting("the history length must not be negative, got \(settings.historyLength)") }
        let universe = catalog.ids.isEmpty ? log.itemIDs : catalog.ids.sorted(by: NaturalOrder.precedes)
        var eligible: [HeldOutCase] = []
        var skippedShort = 0
        for heldOut in log.cases {
            if heldOut.history.count < settings.minimumHistory { skippedShort += 1 } else { eligible.append(heldOut) }
        }
        let chosenUsers = selectedUsers(Array(Set(eligible.map(\.userID))))
        var lists: [LabelledList] = []
        var skippedNoCandidates = 0
        var shortLists = 0
        for heldOut in eligible where chosenUsers.contains(heldOut.userID) {
            var generator = SplitMix64(seed: SeededSampling.seed(for: heldOut.id, base: settings.seed))
            let candidateIDs: [String]
            if let candidateFile {
                guard let given = candidateFile.candidates[heldOut.userID] else {
                    skippedNoCandidates += 1
                    continue
                }
                candidateIDs = placeTarget(heldOut.target, in: given, using: &generator)
            } else {
                let interacted = log.interacted[heldOut.userID] ?? []
                let pool = universe.filter { !interacted.contains($0) && $0 != heldOut.target }
                let negatives = SeededSampling.sample(pool, count: settings.listSize - 1, using: &generator)
                var ids = negatives
                ids.insert(heldOut.target, at: SeededSampling.uniform(ids.count + 1, using: &generator))
                candidateIDs = ids
            }
            if candidateIDs.count < settings.listSize { shortLists += 1 }
            let popularity = Dictionary(uniqueKeysWithValues: candidateIDs.map { ($0, Double(log.popularity[$0] ?? 0)) })
            let candidates = candidateIDs.map { id -> Item in
                var item = catalog.item(id)
                item.score = popularity[id]
                return item
            }
            let history = heldOut.history.suffix(settings.historyLength).map { catalog.item($0) }
            let request = RerankRequest(
                id: heldOut.id, user: UserContext(id: heldOut.userID, history: Array(history)),
                candidates: candidates, options: RerankOptions())
            lists.append(LabelledList(request: request, labels: [heldOut.target: 1], popularity: popularity))
        }
        return Outcome(lists: lists, skippedShortHistory: skippedShort, skippedNoCandidates: skippedNoCandidates, shortLists: shortLists)
    }

    /// A candidate-file line cut to the list size with the target in it: kept where it is when present,
    /// otherwise put where `targetPlacement` says.
    func placeTarget(_ target: String, in given: [String], using generator: inout SplitMix64) -> [String] {
        if let index = given.firstIndex(of: target) {
            var ids = Array(given.prefix(settings.listSize))
            if index >= settings.listSize { ids[ids.count - 1] = target }
            return ids
        }
        var ids = Array(given.prefix(max(0, settings.listSize - 1)))
        switch settings.targetPlacement {
        case .first: ids.insert(target, at: 0)
        case .last: ids.append(target)
        case .random: ids.insert(target, at: SeededSampling.uniform(ids.count + 1, using: &generator))
        }
        return ids
    }

    private func selectedUsers(_ users: [String]) -> Set<String> {
        let sorted = users.sorted(by: NaturalOrder.precedes)
        guard let wanted = settings.users, wanted < sorted.count else { return Set(sorted) }
        var generator = SplitMix64(seed: settings.seed ^ 0x5EED_0F05_E125)
        return Set(SeededSampling.sample(sorted, count: wanted, using: &generator))
    }
}
