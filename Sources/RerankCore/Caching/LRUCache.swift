/// A dictionary that holds at most `capacity` entries, dropping the least recently used one to make room,
/// so a long-running serve that meets endless distinct users keeps a bounded memory.
public struct LRUCache<Value> {
    public let capacity: Int
    private var entries: [String: (value: Value, used: UInt64)] = [:]
    private var clock: UInt64 = 0
    /// Entries dropped to make room, since the cache was made.
    public private(set) var evictions = 0

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    public var count: Int { entries.count }

    /// The value, which becomes the most recently used.
    public mutating func value(for key: String) -> Value? {
        guard let entry = entries[key] else { return nil }
        clock += 1
        entries[key] = (entry.value, clock)
        return entry.value
    }

    /// Stores the value as the most recently used, dropping the least recently used entry when full.
    public mutating func set(_ value: Value, for key: String) {
        clock += 1
        if entries[key] == nil, entries.count >= capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key {
            entries[oldest] = nil
            evictions += 1
        }
        entries[key] = (value, clock)
    }

    public mutating func removeValue(for key: String) {
        entries[key] = nil
    }
}

extension LRUCache: Sendable where Value: Sendable {}
