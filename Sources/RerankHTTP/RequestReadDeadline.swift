import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request is not read whole, head and body, within `seconds` of the connection
/// waiting for it (when it opened, or when the previous answer went out).
///
/// The idle timeout only notices silence: a client that sends a byte of its headers, or a chunk of an endless
/// body, every few seconds keeps a connection forever and, a thousand times over, the server's descriptors. This
/// bounds the whole read instead, however steadily the client trickles. The time the server spends ranking is
/// not counted: while a request read in full waits for its answer, the clock is stopped. A batch's body is read
/// as fast as its lines are ranked, so for a batch the clock stops at its head and silence alone bounds the rest.
final class RequestReadDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limit: TimeAmount
    private var timer: Scheduled<Void>?
    /// A request's head has arrived and its end has not.
    private var reading = false
    /// Requests read in full whose answers have not ended yet (pipelined requests wait here in order).
    private var unanswered = 0

    init(seconds: Double) {
        self.limit = .nanoseconds(Int64((seconds * 1_000_000_000).rounded()))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            reading = true
            if let path = head.path, HTTPRoute(rawValue: String(path.prefix { $0 != "?" }))?.readsBodyAsItRanks == true {
                disarm()
            } else if timer == nil {
                // A pipelined request may start while an earlier one is being answered: its read is timed from here.
                arm(context: context)
            }
        case .body:
            break
        case .end:
            reading = false
            unanswered += 1
            disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            unanswered = max(0, unanswered - 1)
            if unanswered == 0, !reading, timer == nil { arm(context: context) }
        }
        context.write(data, promise: promise)
    }

    private func arm(context: ChannelHandlerContext) {
        disarm()
        let loop = context.eventLoop.assumeIsolated()
        let channel = context.channel
        timer = loop.scheduleTask(in: limit) { [weak self] in
            self?.timer = nil
            channel.close(promise: nil)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}
