import ArgumentParser
import Foundation

/// How the eval commands end on bad input: the message on stderr and a sysexits-style status, without the usage text.
enum EvalFailure {
    /// EX_USAGE: an option or configuration is wrong.
    static let usageError: Int32 = 64
    /// EX_DATAERR: an input file cannot be used.
    static let dataError: Int32 = 65
    /// EX_IOERR: the cache or report cannot be read or written.
    static let ioError: Int32 = 74

    static func exit(_ message: String, code: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("rerank-agent: \(message)\n".utf8))
        return ExitCode(code)
    }
}
