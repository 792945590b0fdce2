import RerankCore

/// Builds labelled lists from interaction logs, the zero-shot-ranker protocol: the last H items before the
/// held-out target as history, the target plus K−1 negatives as candidates, the target labelled 1.
public struct LabelledListBuilder: Sendable {
    /// Where a target missing from a candidate-file line goes.
    public enum TargetPlacement: String, Sendable, Hashable, CaseIterable {
        case random, first, last
    }

    /// What a list's candidate `score`s are, the upstream signal the upstream baseline and fusion use.
    public enum ScoreSource: String, Sendable, Hashable, CaseIterable {
        /// The candidate file's order and scores; popularity when there is no candidate file (no ranker to follow).
        case upstream
        /// Training-part popularity, whatever the candidate file says (its order is still the shown order).
        case popularity
        /// No upstream signal: candidates shuffled (seeded) and no scores, to measure the model alone.
        case none
    }

    /// What happens when the held-out target is not among a candidate-file line's first K.
    public enum MissingTarget: String, Sendable, Hashable, CaseIterable {
        /// Put it in ("ground truth guaranteed"): in the last place when the line lists it deeper, else where
        /// `targetPlacement` says.
        case insert
        /// Keep the ranker's K without it: the list cannot reach full recall, which is the ranker's honest loss.
        case drop
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
        public var scores: ScoreSource
        public var missingTarget: MissingTarget

        public init(
            historyLength: Int = 20, listSize: Int = 20, minimumHistory: Int = 1, users: Int? = nil, seed: UInt64 = 0,
            targetPlacement: TargetPlacement = .random, scores: ScoreSource = .upstream, missingTarget: MissingTarget = .insert
        ) {
            self.historyLength = historyLength
            self.listSize = listSize
            self.minimumHistory = minimumHistory
            self.users = users
            self.seed = seed
            self.targetPlacement = targetPlacement
            self.scores = scores
            self.missingTarget = missingTarget
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
        /// Candidate-file lists whose line had the target in its first K.
        public var targetInTopK = 0
        /// Candidate-file lists whose line listed the target deeper; it took the last place (`insert`).
        public var targetRaised = 0
        /// Candidate-file lists whose line did not list the target; it was put in (`insert`).
        public var targetInserted = 0
        /// Candidate-file lists kept without the target (`drop`): listed deeper or not at all.
        public var targetDropped = 0
    }

    public var settings: Settings

    /// A builder with the given protocol settings.
    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// Builds one list per held-out case of the selected users.
    public func build(log: InteractionLog, catalog: ItemCatalog, candidateFile: CandidateFile? = nil) throws -> Outcome {
        guard settings.listSize >= 1 else {
            throw DatasetError.invalidSetting("the list size must be at least 1, got \(settings.listSize)")
        }
        guard settings.historyLength >= 0 else {
            throw DatasetError.invalidSetting("the history length must not be negative, got \(settings.historyLength)")
        }
        let universe = catalog.ids.isEmpty ? log.itemIDs : catalog.ids.sorted(by: NaturalOrder.precedes)
        var eligible: [HeldOutCase] = []
        var skippedShort = 0
        for heldOut in log.cases {
            if heldOut.history.count < settings.minimumHistory { skippedShort += 1 } else { eligible.append(heldOut) }
        }
        // The sample is drawn among users that can have a list, so a candidate file for a few users of a large log still gives --users lists.
        let listable = Set(eligible.map(\.userID)).filter { candidateFile == nil || candidateFile?.candidates[$0] != nil }
        let chosenUsers = selectedUsers(Array(listable))
        var outcome = Outcome(lists: [], skippedShortHistory: skippedShort, skippedNoCandidates: 0, shortLists: 0)
        for heldOut in eligible {
            guard listable.contains(heldOut.userID) else {
                outcome.skippedNoCandidates += 1
                continue
            }
            guard chosenUsers.contains(heldOut.userID) else { continue }
            var generator = SplitMix64(seed: SeededSampling.seed(for: heldOut.id, base: settings.seed))
            var candidateIDs: [String]
            var upstreamScores: [Double]?
            if let candidateFile, let given = candidateFile.candidates[heldOut.userID] {
                let placed = placeTarget(heldOut.target, in: given, scores: candidateFile.scores[heldOut.userID], using: &generator)
                candidateIDs = placed.ids
                upstreamScores = placed.scores
                switch placed.fate {
                case .inTopK: outcome.targetInTopK += 1
                case .raised: outcome.targetRaised += 1
                case .inserted: outcome.targetInserted += 1
                case .dropped: outcome.targetDropped += 1
                }
            } else {
                let interacted = log.interacted[heldOut.userID] ?? []
                let pool = universe.filter { !interacted.contains($0) && $0 != heldOut.target }
                let negatives = SeededSampling.sample(pool, count: settings.listSize - 1, using: &generator)
                var ids = negatives
                ids.insert(heldOut.target, at: SeededSampling.uniform(ids.count + 1, using: &generator))
                candidateIDs = ids
            }
            if settings.scores == .none {
                candidateIDs = SeededSampling.shuffle(candidateIDs, using: &generator)
            }
            if candidateIDs.count < settings.listSize { outcome.shortLists += 1 }
            let popularity = Dictionary(uniqueKeysWithValues: candidateIDs.map { ($0, Double(log.popularity[$0] ?? 0)) })
            let candidates = candidateIDs.enumerated().map { index, id -> Item in
                var item = catalog.item(id)
                switch settings.scores {
                case .none: item.score = nil
                case .popularity: item.score = popularity[id]
                case .upstream: item.score = candidateFile == nil ? popularity[id] : upstreamScores?[index]
                }
                return item
            }
            let history = heldOut.history.suffix(settings.historyLength).map { catalog.item($0) }
            let request = RerankRequest(
                id: heldOut.id, user: UserContext(id: heldOut.userID, history: Array(history)),
                candidates: candidates, options: RerankOptions())
            outcome.lists.append(LabelledList(request: request, labels: [heldOut.target: 1], popularity: popularity))
        }
        return outcome
    }

    /// What happened to the target of a candidate-file line.
    enum TargetFate {
        case inTopK, raised, inserted, dropped
    }

    /// A candidate-file line cut to the list size: the target kept where it is when in the first K; otherwise put
    /// in (the last place when listed deeper, with its own score; else where `targetPlacement` says, with a score
    /// between its neighbours') or left out, as `missingTarget` says. Scores stay parallel to the ids.
    func placeTarget(_ target: String, in given: [String], scores: [Double]?, using generator: inout SplitMix64) -> (
        ids: [String], scores: [Double]?, fate: TargetFate
    ) {
        let size = settings.listSize
        let position = given.firstIndex(of: target)
        if let position, position < size {
            return (Array(given.prefix(size)), scores.map { Array($0.prefix(size)) }, .inTopK)
        }
        if settings.missingTarget == .drop {
            return (Array(given.prefix(size)), scores.map { Array($0.prefix(size)) }, .dropped)
        }
        var ids = Array(given.prefix(max(0, size - 1)))
        var values = scores.map { Array($0.prefix(max(0, size - 1))) }
        if let position {
            ids.append(target)
            values?.append(scores?[position] ?? 0)
            return (ids, values, .raised)
        }
        let index: Int
        switch settings.targetPlacement {
        case .first: index = 0
        case .last: index = ids.count
        case .random: index = SeededSampling.uniform(ids.count + 1, using: &generator)
        }
        ids.insert(target, at: index)
        if let current = values {
            let above = index > 0 ? current[index - 1] : nil
            let below = index < current.count ? current[index] : nil
            let score: Double
            switch (above, below) {
            case let (above?, below?): score = (above + below) / 2
            case let (above?, nil): score = above - 1
            case let (nil, below?): score = below + 1
            case (nil, nil): score = 0
            }
            values?.insert(score, at: index)
        }
        return (ids, values, .inserted)
    }

    private func selectedUsers(_ users: [String]) -> Set<String> {
        let sorted = users.sorted(by: NaturalOrder.precedes)
        guard let wanted = settings.users, wanted < sorted.count else { return Set(sorted) }
        var generator = SplitMix64(seed: settings.seed ^ 0x5EED_0F05_E125)
        return Set(SeededSampling.sample(sorted, count: wanted, using: &generator))
    }
}
