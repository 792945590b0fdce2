/// The members of a JSON object in the order the text gave them, looked up by name like a dictionary.
///
/// Order is kept because some members are shown to people and models as written (an item's attributes); equality
/// and hashing ignore it, as JSON's do. Where a name repeats, the last value wins at the first name's place.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// The member names, in order.
    public private(set) var keys: [String]
    private var storage: [String: JSONValue]

    /// No members.
    public init() {
        keys = []
        storage = [:]
    }

    /// The members of `dictionary`, ordered by name (a dictionary has no order of its own to keep).
    public init(_ dictionary: [String: JSONValue]) {
        keys = dictionary.keys.sorted()
        storage = dictionary
    }

    /// The members in the order given.
    public init(members: [(String, JSONValue)]) {
        self.init()
        for (key, value) in members { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(members: elements)
    }

    /// The value named `key`; setting nil removes the member.
    public subscript(key: String) -> JSONValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Removes the member named `key` and returns its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let value = storage.removeValue(forKey: key) else { return nil }
        keys.removeAll { $0 == key }
        return value
    }

    /// Room for `count` members without growing.
    public mutating func reserveCapacity(_ count: Int) {
        keys.reserveCapacity(count)
        storage.reserveCapacity(count)
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// The members as a dictionary, order dropped.
    public var dictionary: [String: JSONValue] { storage }

    /// The values, in member order.
    public var values: [JSONValue] { keys.compactMap { storage[$0] } }

    /// The members in order.
    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        keys.compactMap { key in storage[key].map { (key: key, value: $0) } }.makeIterator()
    }

    public static func == (left: JSONObject, right: JSONObject) -> Bool { left.storage == right.storage }
    public func hash(into hasher: inout Hasher) { hasher.combine(storage) }
}
