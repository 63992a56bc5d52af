import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A real SMTP server on loopback that keeps what it receives, for tests of sending mail. It can
/// turn the first messages away with a temporary failure (451), as a busy server would.
final class MailSink: Sendable {
    private let state: NIOLockedValueBox<(messages: [String], failuresLeft: Int)>
    private let channel: any Channel
    let port: Int

    private init(channel: any Channel, state: NIOLockedValueBox<(messages: [String], failuresLeft: Int)>) {
        self.channel = channel
        self.state = state
        port = channel.localAddress?.port ?? 0
    }

    static func start(failingFirst failures: Int = 0) async throws -> MailSink {
        let state = NIOLockedValueBox((messages: [String](), failuresLeft: failures))
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in channel.pipeline.addHandler(Session(state: state)) }
            .bind(host: "127.0.0.1", port: 0).get()
        return MailSink(channel: channel, state: state)
    }

    /// The messages accepted so far, as received (headers and encoded body).
    var messages: [String] { state.withLockedValue { $0.messages } }

    func stop() async throws { try await channel.close() }

    /// One client's conversation.
    private final class Session: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let state: NIOLockedValueBox<(messages: [String], failuresLeft: Int)>
        var pending = ""
        var data: [String]?

        init(state: NIOLockedValueBox<(messages: [String], failuresLeft: Int)>) { self.state = state }

        func channelActive(context: ChannelHandlerContext) { reply(context, "220 sink ready") }

        func channelRead(context: ChannelHandlerContext, data incoming: NIOAny) {
            var buffer = unwrapInboundIn(incoming)
            pending += buffer.readString(length: buffer.readableBytes) ?? ""
            while let range = pending.range(of: "\r\n") {
                let line = String(pending[..<range.lowerBound])
                pending.removeSubrange(..<range.upperBound)
                handle(line, context)
            }
        }

        func handle(_ line: String, _ context: ChannelHandlerContext) {
            if var lines = data {
                if line == "." {
                    data = nil
                    let accept = state.withLockedValue { value -> Bool in
                        if value.failuresLeft > 0 { value.failuresLeft -= 1; return false }
                        value.messages.append(lines.joined(separator: "\r\n"))
                        return true
                    }
                    reply(context, accept ? "250 queued" : "451 try again later")
                } else {
                    lines.append(line.hasPrefix("..") ? String(line.dropFirst()) : line)
                    data = lines
                }
                return
            }
            switch line.prefix(4).uppercased() {
            case "EHLO": reply(context, "250-sink\r\n250 8BITMIME")
            case "MAIL", "RCPT": reply(context, "250 ok")
            case "DATA": data = []; reply(context, "354 go ahead")
            case "QUIT": reply(context, "221 bye"); context.close(promise: nil)
            default: reply(context, "502 not implemented")
            }
        }

        func reply(_ context: ChannelHandlerContext, _ text: String) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
        }
    }
}
