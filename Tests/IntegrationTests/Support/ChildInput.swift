import Foundation

/// Writes to a child's stdin that may already have exited (serve stops with 78 on a refused key while the test is
/// still sending): the write is dropped instead of raising SIGPIPE in the test process or trapping on EPIPE.
enum ChildInput {
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    static func write(_ data: Data, to handle: FileHandle) {
        ignoreBrokenPipes
        try? handle.write(contentsOf: data)
    }
}
