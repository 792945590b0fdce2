import Foundation
import JSONLines
import LLMClient
import RerankCore

/// The JSON Lines filter: one answer line per request line, in input order, with requests processed
/// concurrently up to a limit. Blank lines are skipped; every other line gets exactly one answer.
public struct ServeLoop: Sendable {
    public let decoder: RequestDecoder
    public let service: RerankService
    /// Requests being ranked at once.
    public let concurrency: Int
    /// Answers, degraded answers and error lines so far.
    public let tally = ServeTally()

    public init(decoder: RequestDecoder, service: RerankService, concurrency: Int) {
        self.decoder = decoder
        self.service = service
        self.concurrency = max(1, concurrency)
    }

    /// Runs until the input ends or `emit` reports that output is closed (it returns false). Each answer is
    /// written as soon as it and every answer before it are ready, whether or not more input is coming, so
    /// a caller may wait for one answer before sending the next line.
    /// - Returns: how many answers were written.
    @discardableResult
    public func run<Lines: AsyncSequence & Sendable>(
        _ lines: Lines, emit: @escaping @Sendable (String) -> Bool
    ) async -> Int where Lines.Element == InputLine {
        // Requests being ranked, and answers not yet written (ranked or not): both bounded.
        let running = ConcurrencyLimiter(limit: concurrency)
        let unwritten = ConcurrencyLimiter(limit: concurrency * 4)
        let output = OrderedOutput(emit: emit, window: unwritten)
        await withDiscardingTaskGroup { group in
            var nextIndex = 0
            do {
                for try await line in lines {
                    guard await output.isOpen, !Task.isCancelled else { break }
                    if line.isBlank { continue }
                    try await unwritten.acquire()
                    try await running.acquire()
                    let index = nextIndex
                    nextIndex += 1
                    group.addTask {
                        let answer = await self.answer(line)
                        await running.release()
                        await output.deliver(index, answer)
                    }
                }
            } catch {
                // The input failed or the wait was cancelled: answer what was read, then stop.
            }
        }
        return await output.written
    }

    /// The answer line for one input line; never throws, never omits a candidate.
    public func answer(_ line: InputLine) async -> String {
        await reply(to: line).line
    }

    /// The answer to one input line, counted in `tally`; never throws, never omits a candidate. `deadlineMilliseconds`
    /// is a deadline from outside the line (an HTTP header): the tighter of it and `options.deadline_ms` holds.
    public func reply(to line: InputLine, deadlineMilliseconds: Int? = nil) async -> ServeAnswer {
        switch line {
        case .tooLong(let prefix, let length):
            tally.count(error: true)
            return .refused(
                ErrorResponse(.lineTooLong(bytes: length, limit: decoder.limits.maxLineBytes, id: RequestDecoder.probeID(in: prefix))))
        case .line(let data):
            switch decoder.decode(line: data) {
            case .failure(let error):
                tally.count(error: true)
                return .refused(ErrorResponse(error))
            case .success(var request):
                if let outside = deadlineMilliseconds {
                    request.options.deadlineMilliseconds = min(outside, request.options.deadlineMilliseconds ?? outside)
                }
                let response = await service.rerank(request)
                tally.count(degraded: response.degraded)
                return .ranked(response)
            }
        }
    }

    /// The answer line for `value`: its compact JSON form.
    public static func encode(_ value: some OutputJSONConvertible) -> String {
        value.outputJSON.serialized
    }
}
