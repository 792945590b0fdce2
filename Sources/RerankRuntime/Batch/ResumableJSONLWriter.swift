import Foundation
import JSONLines
import RerankCore

/// An append-only JSON Lines output that survives being killed: each record is written whole, with one
/// `write(2)` of the line and its newline, so after SIGKILL the file holds complete lines plus at most one
/// partial last line. Opening it again drops that partial line and reports which records are finished, so a
/// restarted job skips exactly those — no record lost, none written twice.
///
/// Holds an exclusive `flock` so two jobs cannot append to the same file at once.
public final class ResumableJSONLWriter: @unchecked Sendable {
    public let path: String
    /// Keys of the complete records already in the file when it was opened.
    public let finished: Set<BatchRecordKey>
    /// Bytes of an unfinished last line removed on opening (a record cut off by a kill).
    public let truncatedBytes: Int
    /// Complete lines already in the file that are not records (not JSON, or no id and no line).
    public let unreadableLines: Int
    private let descriptor: Int32
    private let durable: Bool
    private let lock = NSLock()
    private var closed = false

    /// Opens (creating if needed) `path` for appending.
    /// - Parameter durable: also `fsync` after every line, for power loss rather than only process death.
    public init(path: String, durable: Bool = false) throws(BatchError) {
        self.path = path
        self.durable = durable
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw BatchError(
                "cannot open the output \(path): \(String(cString: strerror(errno))); check that its folder exists and is writable")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            Foundation.close(descriptor)
            throw BatchError("another job is writing \(path); wait for it to finish or choose another --output")
        }
        let contents: Data
        do {
            contents = try FileHandle(fileDescriptor: descriptor, closeOnDealloc: false).readToEnd() ?? Data()
        } catch {
            Foundation.close(descriptor)
            throw BatchError("cannot read the output \(path) to resume: \(error)")
        }
        let scan = Self.scan(contents)
        if scan.completeLength < contents.count {
            guard ftruncate(descriptor, off_t(scan.completeLength)) == 0 else {
                Foundation.close(descriptor)
                throw BatchError("cannot remove the unfinished last line of \(path): \(String(cString: strerror(errno)))")
            }
        }
        guard lseek(descriptor, 0, SEEK_END) >= 0 else {
            Foundation.close(descriptor)
            throw BatchError("cannot seek to the end of \(path): \(String(cString: strerror(errno)))")
        }
        self.descriptor = descriptor
        self.finished = scan.keys
        self.truncatedBytes = contents.count - scan.completeLength
        self.unreadableLines = scan.unreadable
    }

    deinit { close() }

    /// What a file's bytes hold: the keys of its complete records and where its complete lines end.
    static func scan(_ contents: Data) -> (keys: Set<BatchRecordKey>, completeLength: Int, unreadable: Int) {
        guard let lastNewline = contents.lastIndex(of: UInt8(ascii: "\n")) else { return ([], 0, 0) }
        let complete = contents[contents.startIndex...lastNewline]
        var keys: Set<BatchRecordKey> = []
        var unreadable = 0
        for line in LineSplitter.lines(of: complete) {
            guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) else { continue }
            if let key = BatchRecordKey.ofOutput(line) { keys.insert(key) } else { unreadable += 1 }
        }
        return (keys, complete.count, unreadable)
    }

    /// Appends one record line (which must not contain a newline) and its newline in a single write.
    public func append(_ line: String) throws(BatchError) {
        var bytes = Array(line.utf8)
        guard !bytes.contains(UInt8(ascii: "\n")) else {
            throw BatchError("a record contains a newline and would break the JSON Lines output")
        }
        bytes.append(UInt8(ascii: "\n"))
        let failure: String? = lock.withLock {
            guard !closed else { return "the output \(path) is already closed" }
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    return "cannot write to \(path): \(String(cString: strerror(errno)))"
                }
                offset += written
            }
            if durable { _ = fsync(descriptor) }
            return nil
        }
        if let failure { throw BatchError(failure) }
    }

    /// Releases the file and its lock; later appends fail.
    public func close() {
        lock.withLock {
            guard !closed else { return }
            closed = true
            Foundation.close(descriptor)
        }
    }
}
