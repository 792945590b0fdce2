import Foundation
import RerankCore

/// Reading the config file: the one part of loading that touches the file system.
extension ConfigurationLoader {
    /// The configuration from a config file read from disk (if any), the environment and the flags.
    /// - Parameters:
    ///   - file: a YAML config file, if any.
    ///   - overrides: `key=value` settings from flags, highest precedence.
    public func load(file: String?, overrides: [(key: String, value: String)] = []) throws(ConfigurationError) -> Configuration {
        guard let file else { return try load(yaml: nil, path: "-", overrides: overrides) }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigurationError(key: "-", source: file, message: "the config file cannot be read")
        }
        return try load(yaml: String(decoding: data, as: UTF8.self), path: file, overrides: overrides)
    }
}
