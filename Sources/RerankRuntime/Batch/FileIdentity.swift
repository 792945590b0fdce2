import Foundation

/// Whether two paths name one file, judged by device and inode: spellings differ (relative and absolute
/// paths, symbolic and hard links) where the file does not.
public enum FileIdentity {
    /// True when both paths exist and are the same file; a path that does not exist yet is no other file.
    public static func same(_ first: String, _ second: String) -> Bool {
        guard let a = identity(first), let b = identity(second) else { return false }
        return a == b
    }

    static func identity(_ path: String) -> [UInt64]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino)]
    }
}
