/// The members of a JSON object in the order the text gave them, looked up by name like a dictionary.
///
/// Order is kept because some members are shown to people and models as written (an item's attributes); equality
/// and hashing ignore it, as JSON's do. Where a name repeats in the members given, the last value wins at the first
/// name's place; `JSONParser` refuses a repeat in text, so a parsed object never has one to settle.
/// Request objects are small, so members live in one array searched in order; past `indexThreshold` members a
/// name index is kept as well, so a hostile object of many thousands of names still parses in linear time.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Member = (key: String, value: JSONValue)

    /// Members past which names are looked up through an index rather than by a scan.
    static let indexThreshold = 16

    private var members: [Member]
    private var index: [String: Int]?

    /// No members.
    public init() {
        members = []
    }

    /// The members of `dictionary`, ordered by name (a dictionary has no order of its own to keep).
    public init(_ dictionary: [String: JSONValue]) {
        self.init(members: dictionary.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// The members in the order given.
    public init(members: [(String, JSONValue)]) {
        self.init()
        reserveCapacity(members.count)
        for (key, value) in members { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(members: elements)
    }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return members.firstIndex { $0.key == key }
    }

    /// The value named `key`; setting nil removes the member.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { members[$0].value } }
        set {
            guard let newValue else {
                removeValue(forKey: key)
                return
            }
            if let position = position(of: key) {
                members[position].value = newValue
                return
            }
            members.append((key, newValue))
            if index != nil {
                index?[key] = members.count - 1
            } else if members.count > Self.indexThreshold {
                buildIndex()
            }
        }
    }

    private mutating func buildIndex() {
        var names: [String: Int] = [:]
        names.reserveCapacity(members.count)
        for (position, member) in members.enumerated() { names[member.key] = position }
        index = names
    }

    /// Removes the member named `key` and returns its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let position = position(of: key) else { return nil }
        let value = members.remove(at: position).value
        if index != nil { buildIndex() }
        return value
    }

    /// Room for `count` members without growing.
    public mutating func reserveCapacity(_ count: Int) {
        members.reserveCapacity(count)
    }

    /// The member names, in order.
    public var keys: [String] { members.map(\.key) }
    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }

    /// The members as a dictionary, order dropped.
    public var dictionary: [String: JSONValue] {
        Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// The values, in member order.
    public var values: [JSONValue] { members.map(\.value) }

    /// The members in order.
    public func makeIterator() -> IndexingIterator<[Member]> { members.makeIterator() }

    public static func == (left: JSONObject, right: JSONObject) -> Bool {
        left.count == right.count && left.members.allSatisfy { right[$0.key] == $0.value }
    }

    /// Order-free: the members' hashes are summed, so two orders of the same members hash alike.
    public func hash(into hasher: inout Hasher) {
        var sum = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(member.key)
            memberHasher.combine(member.value)
            sum &+= memberHasher.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(sum)
    }
}
