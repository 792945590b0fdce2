import Foundation
import Hummingbird
import JSONLines
import LLMClient
import RerankCore
import RerankRuntime

/// Answers the routes of `serve --http`. A rerank body is one request exactly as a stdin line, and its answer
/// is exactly the stdout line, from the same `ServeLoop`: the two faces cannot drift apart. Every refusal carries
/// the error envelope of the stdin path (`{"id":…,"error":{"code":…,"message":…}}`).
struct ServeHTTPResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let loop: ServeLoop
    let state: HTTPServeState
    let metrics: ServeMetrics
    let token: BearerToken?
    /// Requests being ranked at once (`serve.concurrency`); admitted requests beyond it wait here.
    let running: ConcurrencyLimiter
    /// Ranking work, cancelled when the shutdown grace runs out so it answers degraded at once.
    let tasks: CancellableTasks
    /// Seconds a client told 429 or 503 should wait before trying again.
    let retryAfterSeconds = 1

    var maxLineBytes: Int { loop.decoder.limits.maxLineBytes }

    func respond(to request: Request, context: Context) async throws -> Response {
        guard let route = HTTPRoute(rawValue: request.uri.path) else {
            return Self.failure(
                .notFound, "no such path; the paths are \(HTTPRoute.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard request.method == route.method else {
            var response = Self.failure(.methodNotAllowed, "\(route.rawValue) takes \(route.method.rawValue) only")
            response.headers[.allow] = route.method.rawValue
            return response
        }
        if route.needsToken, let token, !token.admits(authorization: request.headers[.authorization]) {
            metrics.count(.unauthorized)
            var response = Self.failure(
                .unauthorized,
                "send the token from the variable serve.http_token_env names as 'Authorization: Bearer <token>'")
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        switch route {
        case .health:
            return Self.json(.ok, #"{"status":"ok"}"#)
        case .ready:
            return readiness()
        case .metrics:
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.text)))
        case .rerank, .batch:
            let deadline: Int?
            do {
                deadline = try Self.deadline(in: request)
            } catch {
                metrics.count(.error)
                return error.response
            }
            if let refusal = refusal(of: request, route: route) { return refusal }
            return route == .rerank ? await rerank(request, deadline: deadline) : batch(request, deadline: deadline)
        }
    }

    /// 503 while draining, 415 for another body type, 413 for a declared length past the limit, 429 when the
    /// in-flight bound is full; nil when the request is admitted (its place is then held until it ends).
    private func refusal(of request: Request, route: HTTPRoute) -> Response? {
        if state.isDraining {
            metrics.count(.draining)
            var response = Self.failure(
                .draining, "the server is shutting down; send the request to another instance")
            response.headers[.connection] = "close"
            response.headers[.retryAfter] = "\(retryAfterSeconds)"
            return response
        }
        if let accepted = route.acceptedMediaTypes, let sent = request.headers[.contentType] {
            let mediaType =
                sent.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            if !accepted.contains(mediaType) {
                metrics.count(.error)
                return Self.failure(
                    .unsupportedMediaType,
                    "send the body as \(accepted.sorted().joined(separator: " or ")), not '\(sent)'")
            }
        }
        if route == .rerank, let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxLineBytes {
            metrics.count(.error)
            return Self.failure(
                .contentTooLarge, ErrorResponse(.lineTooLong(bytes: declared, limit: maxLineBytes)), closing: true)
        }
        guard state.admit() else {
            metrics.count(.busy)
            var response = Self.failure(
                .busy, "serve.http_max_in_flight requests are in flight; retry after \(retryAfterSeconds) s")
            response.headers[.retryAfter] = "\(retryAfterSeconds)"
            return response
        }
        return nil
    }

    /// One request: the body read up to `serve.max_line_bytes`, answered 200 with the answer line (degraded
    /// answers included), 400 with an error line, or 413 past the limit.
    private func rerank(_ request: Request, deadline: Int?) async -> Response {
        defer { state.leave() }
        metrics.started()
        defer { metrics.finished() }
        var body = Data()
        do {
            for try await buffer in request.body {
                body.append(contentsOf: buffer.readableBytesView)
                if body.count > maxLineBytes { break }
            }
        } catch {
            // The client went away or stalled past the idle timeout: nobody is left to answer.
            return Self.failure(.incompleteBody, "the body ended before its declared length")
        }
        let line: InputLine = body.count > maxLineBytes ? .tooLong(prefix: body.prefix(4096), length: body.count) : .line(body)
        let answer = await finish(startRanking(line, deadline: deadline))
        switch answer {
        case .ranked:
            return Self.json(.ok, answer.line)
        case .refused(let error):
            // Past the limit the rest of the body was left unread, so the connection cannot carry another request.
            let tooLong = error.error.code == RequestError.Code.lineTooLong.rawValue
            return Self.failure(tooLong ? .contentTooLarge : .badRequest, error, closing: tooLong)
        }
    }

    /// Every line of an NDJSON body answered in input order, each as soon as it and those before it are ready,
    /// while later lines are still arriving. A reader starts each line's ranking and the writer sends the answers in
    /// order; at most `4 × serve.concurrency` lines are read ahead of the last answer written, so memory stays
    /// bounded however long the body, and a client that stops reading stops the reading of its body.
    private func batch(_ request: Request, deadline: Int?) -> Response {
        let body = request.body
        let ahead = ConcurrencyLimiter(limit: loop.concurrency * 4)
        return Response(
            status: .ok, headers: [.contentType: "application/x-ndjson"],
            body: ResponseBody { writer in
                metrics.started()
                let (started, queue) = AsyncStream.makeStream(of: RankingWork.self)
                let reader = Task { [maxLineBytes] in
                    defer { queue.finish() }
                    var splitter = LineSplitter(maxLineBytes: maxLineBytes)
                    do {
                        for try await buffer in body {
                            for line in splitter.feed(buffer.readableBytesView) where !line.isBlank {
                                try await ahead.acquire()
                                queue.yield(startRanking(line, deadline: deadline))
                            }
                        }
                        if let last = splitter.finish(), !last.isBlank {
                            try await ahead.acquire()
                            queue.yield(startRanking(last, deadline: deadline))
                        }
                    } catch {
                        // The body failed or the writer gave up: the lines read so far are still answered.
                    }
                }
                defer {
                    reader.cancel()
                    metrics.finished()
                    state.leave()
                }
                var failure: (any Error)?
                for await work in started {
                    guard failure == nil else {
                        // The client went away mid-answer: the rest is not ranked for nobody.
                        abandon(work)
                        continue
                    }
                    let answer = await finish(work)
                    await ahead.release()
                    do {
                        try await writer.write(ByteBuffer(string: answer.line + "\n"))
                    } catch {
                        failure = error
                        reader.cancel()
                    }
                }
                if let failure { throw failure }
                try await writer.finish(nil)
            })
    }

    /// One line being ranked: the task the shutdown can cancel, its key there, and when it started.
    private struct RankingWork: Sendable {
        let task: Task<ServeAnswer, Never>
        let key: Int
        let started: ContinuousClock.Instant
    }

    /// Starts ranking one line in a task the shutdown can cancel; it waits for one of the `serve.concurrency`
    /// places first.
    private func startRanking(_ line: InputLine, deadline: Int?) -> RankingWork {
        let started = ContinuousClock.now
        let task = Task { [loop, running] in
            // A cancelled wait still answers: the service degrades at once under cancellation.
            let permitted = (try? await running.acquire()) != nil
            let answer = await loop.reply(to: line, deadlineMilliseconds: deadline)
            if permitted { await running.release() }
            return answer
        }
        return RankingWork(task: task, key: tasks.add(task), started: started)
    }

    /// The answer of `work`, counted in the metrics; a client that goes away cancels it.
    private func finish(_ work: RankingWork) async -> ServeAnswer {
        let answer = await withTaskCancellationHandler {
            await work.task.value
        } onCancel: {
            work.task.cancel()
        }
        tasks.remove(work.key)
        metrics.record(answer, seconds: (ContinuousClock.now - work.started) / .seconds(1))
        return answer
    }

    /// Gives up on work whose answer nobody will read.
    private func abandon(_ work: RankingWork) {
        work.task.cancel()
        tasks.remove(work.key)
    }

    /// The header a caller sets its latency budget with; the tighter of it and `options.deadline_ms` holds, and
    /// for a batch it holds for each line.
    static let deadlineHeader = "X-Rerank-Deadline-Ms"

    /// The deadline header's milliseconds (nil without one); a value that is not one throws the 400 to answer.
    static func deadline(in request: Request) throws(DeadlineHeaderError) -> Int? {
        let canonical = deadlineHeader.lowercased()
        guard let value = request.headers.first(where: { $0.name.canonicalName == canonical })?.value else { return nil }
        guard let milliseconds = Int(value), OptionBounds.deadlineMilliseconds.contains(milliseconds) else {
            throw DeadlineHeaderError(value: value)
        }
        return milliseconds
    }

    /// The deadline header holds something other than whole milliseconds in range.
    struct DeadlineHeaderError: Error {
        let value: String

        var response: Response {
            ServeHTTPResponder.failure(
                .badRequest,
                ErrorResponse(
                    code: RequestError.Code.invalidField.rawValue,
                    message:
                        "the header \(deadlineHeader) must be a whole number of milliseconds from \(OptionBounds.describe(OptionBounds.deadlineMilliseconds)), not '\(value)'"
                ))
        }
    }

    private func readiness() -> Response {
        if state.isDraining { return Self.json(.serviceUnavailable, #"{"status":"draining"}"#) }
        switch state.startupCheck {
        case .ready:
            return Self.json(.ok, #"{"status":"ready"}"#)
        case nil:
            return Self.json(.serviceUnavailable, #"{"status":"checking"}"#)
        case .unreachable(let message), .misconfigured(let message):
            let body = OutputJSON.object([("status", .string("unreachable")), ("message", .string(message))]).serialized
            return Self.json(.serviceUnavailable, body)
        }
    }

    static func json(_ status: HTTPResponse.Status, _ line: String) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: line + "\n")))
    }

    static func failure(_ refusal: HTTPRefusal, _ message: String) -> Response {
        failure(refusal.status, ErrorResponse(code: refusal.rawValue, message: message))
    }

    /// `closing`: the body was not read, so the connection cannot carry another request.
    static func failure(_ status: HTTPResponse.Status, _ error: ErrorResponse, closing: Bool = false) -> Response {
        var response = json(status, ServeLoop.encode(error))
        if closing { response.headers[.connection] = "close" }
        return response
    }
}
