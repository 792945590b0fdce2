import Foundation
import LLMClient

/// The JSON Lines filter: one answer line per request line, in input order, with requests processed
/// concurrently up to a limit. Blank lines are skipped; every other line gets exactly one answer.
public struct ServeLoop: Sendable {
    public let decoder: RequestDecoder
    public let service: RerankService
    /// Requests being ranked at once.
    public let concurrency: Int

    public init(decoder: RequestDecoder, service: RerankService, concurrency: Int) {
        self.decoder = decoder
        self.service = service
        self.concurrency = max(1, concurrency)
    }

    /// Runs until the input ends or `emit` reports that output is closed (it returns false).
    /// - Returns: how many answers were written.
    @discardableResult
    public func run<Lines: AsyncSequence & Sendable>(
        _ lines: Lines, emit: @escaping @Sendable (String) -> Bool
    ) async -> Int where Lines.Element == InputLine {
        let concurrency = self.concurrency
        let maxUnwritten = concurrency * 4
        return await withTaskGroup(of: (Int, String).self) { group in
            var nextIndex = 0
            var nextToWrite = 0
            var inFlight = 0
            var finished: [Int: String] = [:]
            var outputOpen = true

            func collect(_ result: (Int, String)) {
                inFlight -= 1
                finished[result.0] = result.1
                while outputOpen, let line = finished.removeValue(forKey: nextToWrite) {
                    outputOpen = emit(line)
                    nextToWrite += 1
                }
            }

            do {
                for try await line in lines {
                    guard outputOpen, !Task.isCancelled else { break }
                    if case .line(let data) = line, data.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                        continue
                    }
                    while inFlight >= concurrency || nextIndex - nextToWrite >= maxUnwritten, let result = await group.next() {
                        collect(result)
                    }
                    let index = nextIndex
                    nextIndex += 1
                    inFlight += 1
                    group.addTask { (index, await self.answer(line)) }
                }
            } catch {
                // The input failed: answer what was read, then stop.
            }
            while let result = await group.next() {
                collect(result)
            }
            return nextToWrite
        }
    }

    /// The answer line for one input line; never throws, never omits a candidate.
    public func answer(_ line: InputLine) async -> String {
        switch line {
        case .tooLong(let prefix, let length):
            return Self.encode(ErrorResponse(RequestError(
                .lineTooLong, "the line has \(length) bytes, more than serve.max_line_bytes (\(decoder.limits.maxLineBytes))",
                id: RequestDecoder.probeID(in: prefix))))
        case .line(let data):
            switch decoder.decode(line: data) {
            case .failure(let error):
                return Self.encode(ErrorResponse(error))
            case .success(let request):
                return Self.encode(await service.rerank(request))
            }
        }
    }

    public static func encode(_ value: some OutputJSONConvertible) -> String {
        value.outputJSON.serialized
    }
}
