import Foundation

/// Writes whole lines to stdout, flushed at once; reports a closed stdout instead of dying of SIGPIPE.
final class StandardOutput: @unchecked Sendable {
    private let lock = NSLock()

    func writeLine(_ line: String) -> Bool {
        lock.withLock {
            var bytes = Array(line.utf8)
            bytes.append(UInt8(ascii: "\n"))
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }
}
