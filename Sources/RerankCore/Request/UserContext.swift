/// The user a request ranks for.
public struct UserContext: Sendable, Hashable {
    public var id: String?
    /// Oldest first, as interacted with.
    public var history: [Item]

    public init(id: String? = nil, history: [Item]) {
        self.id = id
        self.history = history
    }
}
