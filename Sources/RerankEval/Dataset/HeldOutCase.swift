/// One user's held-out target with what came before it: a list to build.
public struct HeldOutCase: Sendable, Hashable {
    /// The list id: the user id, with `#n` when a user has several sequences.
    public var id: String
    public var userID: String
    /// Oldest first.
    public var history: [String]
    public var target: String
}
