/// Runs work for each element of an async sequence with at most `limit` running at once, in the order the
/// sequence yields them; the sequence is read only as fast as work finishes, so memory stays bounded.
public struct BoundedConcurrentRunner: Sendable {
    public let limit: Int

    /// Whether a job runs.
    public enum Admission: Sendable {
        case start
        case skip
        /// Start nothing more.
        case stop
    }

    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Returns when every started piece of work has finished. Stops starting new work when the task is
    /// cancelled, `admit` says stop, or the sequence throws (work already started still finishes).
    /// - Parameter admit: called in sequence order before each job starts; `.skip` passes over the job.
    public func run<Jobs: AsyncSequence & Sendable>(
        _ jobs: Jobs,
        admit: (Jobs.Element) -> Admission = { _ in .start },
        work: @escaping @Sendable (Jobs.Element) async -> Void
    ) async where Jobs.Element: Sendable {
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            do {
                loop: for try await job in jobs {
                    if Task.isCancelled { break }
                    switch admit(job) {
                    case .start: break
                    case .skip: continue
                    case .stop: break loop
                    }
                    if running >= limit {
                        await group.next()
                        running -= 1
                    }
                    running += 1
                    group.addTask { await work(job) }
                }
            } catch {
                // The input failed: finish what started.
            }
            await group.waitForAll()
        }
    }
}
