import ArgumentParser
import Foundation

/// Every status the tool exits with besides 0 (and ArgumentParser's own 64 for a bad option), sysexits-style.
enum ExitStatus: Int32 {
    /// EX_USAGE: an option, the configuration or a prompt template is wrong.
    case usage = 64
    /// EX_DATAERR: an input file cannot be used, or an input line was left without a record.
    case dataError = 65
    /// EX_UNAVAILABLE: every line a batch job processed failed or degraded; nothing useful was made.
    case allLinesFailed = 69
    /// EX_OSERR: `serve --http` cannot listen on its address (in use, or not one of this machine's).
    case cannotListen = 71
    /// EX_IOERR: a file, the response cache or the report cannot be read or written.
    case ioError = 74
    /// EX_CONFIG: the endpoint refuses the key or knows neither the model nor the path (401, 403, 404 at start).
    case misconfiguredEndpoint = 78

    /// The status for ArgumentParser to exit with.
    var code: ExitCode { ExitCode(rawValue) }

    /// Writes `rerank-agent: message` to stderr and returns the status to throw, so the usage text is not printed.
    func failure(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("rerank-agent: \(message)\n".utf8))
        return code
    }
}
