import Foundation
import RerankCore

/// Reading the config file: the one part of loading that touches the file system.
extension ConfigurationLoader {
    /// The largest config file read: the shipped one, every key documented, is about 10 KB.
    public static let maxFileBytes = 1 << 20

    /// The configuration from a config file read from disk (if any), the environment and the flags.
    /// - Parameters:
    ///   - file: a YAML config file, if any.
    ///   - overrides: `key=value` settings from flags, highest precedence.
    public func load(file: String?, overrides: [(key: String, value: String)] = []) throws(ConfigurationError) -> Configuration {
        guard let file else { return try load(yaml: nil, path: "-", overrides: overrides) }
        // Bounded before it is read: a config file is a few kilobytes, and a device or a huge file is a mistake.
        let attributes = try? FileManager.default.attributesOfItem(atPath: file)
        if let size = (attributes?[.size] as? NSNumber)?.intValue, size > Self.maxFileBytes {
            throw ConfigurationError(
                key: "-", source: file, message: "the config file has \(size) bytes, more than \(Self.maxFileBytes); is it the right file?")
        }
        guard let handle = FileHandle(forReadingAtPath: file), let data = try? handle.read(upToCount: Self.maxFileBytes + 1) ?? Data()
        else {
            throw ConfigurationError(key: "-", source: file, message: "the config file cannot be read")
        }
        guard data.count <= Self.maxFileBytes else {
            throw ConfigurationError(
                key: "-", source: file, message: "the config file has more than \(Self.maxFileBytes) bytes; is it the right file?")
        }
        return try load(yaml: String(decoding: data, as: UTF8.self), path: file, overrides: overrides)
    }
}
