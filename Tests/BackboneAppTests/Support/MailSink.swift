@testable import BackboneApp
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// A real SMTP server on loopback that keeps what it receives, for tests of sending mail. It can
/// turn the first messages away with a temporary failure (451), as a busy server would; and, as
/// a provider does, offer STARTTLS or speak TLS from the start, and require a login.
final class MailSink: Sendable {
    struct Options: Sendable {
        var failingFirst = 0
        var security: AppConfig.MailSettings.Security = .none
        /// When set, mail is refused until the client logs in with these (PLAIN or LOGIN).
        var login: AppConfig.MailSettings.Credentials?
        var authMechanisms = ["PLAIN", "LOGIN"]
    }

    struct State {
        var messages: [String] = []
        var failuresLeft = 0
        /// Every line received in plain text (before any TLS), to check nothing secret went in the clear.
        var plaintextLines: [String] = []
    }

    private let state: NIOLockedValueBox<State>
    private let channel: any Channel
    let port: Int

    private init(channel: any Channel, state: NIOLockedValueBox<State>) {
        self.channel = channel
        self.state = state
        port = channel.localAddress?.port ?? 0
    }

    static func start(failingFirst failures: Int = 0) async throws -> MailSink {
        try await start(Options(failingFirst: failures))
    }

    static func start(_ options: Options) async throws -> MailSink {
        let state = NIOLockedValueBox(State(failuresLeft: options.failingFirst))
        let tls = options.security == .none ? nil : try TestCertificate.serverContext()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if options.security == .tls, let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.addHandler(Session(state: state, options: options, tls: tls))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return MailSink(channel: channel, state: state)
    }

    /// The messages accepted so far, as received (headers and encoded body).
    var messages: [String] { state.withLockedValue { $0.messages } }
    var plaintextLines: [String] { state.withLockedValue { $0.plaintextLines } }

    func stop() async throws { try await channel.close() }

    /// One client's conversation.
    private final class Session: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let state: NIOLockedValueBox<State>
        let options: Options
        let tls: NIOSSLContext?
        var pending = ""
        var data: [String]?
        var encrypted: Bool
        var loggedIn = false
        var loginStep: (username: String?, awaiting: Bool)?

        init(state: NIOLockedValueBox<State>, options: Options, tls: NIOSSLContext?) {
            self.state = state
            self.options = options
            self.tls = tls
            encrypted = options.security == .tls
        }

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
            if !encrypted { state.withLockedValue { $0.plaintextLines.append(line) } }
            if loginStep != nil { return continueLogin(line, context) }
            switch line.prefix(4).uppercased() {
            case "EHLO":
                var offers = ["sink", "8BITMIME"]
                if options.security == .starttls && !encrypted { offers.append("STARTTLS") }
                if options.login != nil && encrypted { offers.append("AUTH " + options.authMechanisms.joined(separator: " ")) }
                reply(context, offers.enumerated().map { "250\($0.offset == offers.count - 1 ? " " : "-")\($0.element)" }.joined(separator: "\r\n"))
            case "STAR":
                guard let tls, options.security == .starttls, !encrypted else { return reply(context, "502 not implemented") }
                // The reply goes out in plain text; everything after it is encrypted.
                reply(context, "220 go ahead")
                encrypted = true
                try? context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first)
            case "AUTH":
                let words = line.split(separator: " ").map(String.init)
                if words.count >= 3, words[1].uppercased() == "PLAIN", options.authMechanisms.contains("PLAIN") {
                    let parts = Data(base64Encoded: words[2]).map { String(decoding: $0, as: UTF8.self).split(separator: "\0", omittingEmptySubsequences: false).map(String.init) } ?? []
                    finishLogin(parts.count == 3 && parts[1] == options.login?.username && parts[2] == options.login?.password, context)
                } else if words.count == 2, words[1].uppercased() == "LOGIN", options.authMechanisms.contains("LOGIN") {
                    loginStep = (nil, true)
                    reply(context, "334 VXNlcm5hbWU6")
                } else {
                    reply(context, "504 unrecognized authentication type")
                }
            case "MAIL":
                reply(context, options.login == nil || loggedIn ? "250 ok" : "530 authentication required")
            case "RCPT": reply(context, "250 ok")
            case "DATA": data = []; reply(context, "354 go ahead")
            case "QUIT": reply(context, "221 bye"); context.close(promise: nil)
            default: reply(context, "502 not implemented")
            }
        }

        func continueLogin(_ line: String, _ context: ChannelHandlerContext) {
            let text = Data(base64Encoded: line).map { String(decoding: $0, as: UTF8.self) } ?? ""
            if let username = loginStep?.username {
                loginStep = nil
                finishLogin(username == options.login?.username && text == options.login?.password, context)
            } else {
                loginStep = (text, true)
                reply(context, "334 UGFzc3dvcmQ6")
            }
        }

        func finishLogin(_ accepted: Bool, _ context: ChannelHandlerContext) {
            loggedIn = accepted
            reply(context, accepted ? "235 authenticated" : "535 authentication failed")
        }

        func reply(_ context: ChannelHandlerContext, _ text: String) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
        }
    }
}

/// A self-signed certificate for localhost and 127.0.0.1, made for these tests only.
enum TestCertificate {
    static let pem = """
-----BEGIN CERTIFICATE-----
MIIBmjCCAUGgAwIBAgIUCCN1vUBFCONwIW3cvesd0LP7FgAwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwMTA0MzkzNloYDzIxMjYxMTA3
MDQzOTM2WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASffRpHx0zc6L0SrYPhxdkWZ0RL106rgsyDvYD8LDO4aeaK55NmzMNw
uW7iJctTMX4It7LQa+vsJmIwMDudkXw/o28wbTAdBgNVHQ4EFgQUjvErdHDUEIXz
oGRblyqLaBdH7U4wHwYDVR0jBBgwFoAUjvErdHDUEIXzoGRblyqLaBdH7U4wDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDRwAwRAIgHxOQYH/XxTjTPWIpbQ9D0hrlkwUah+K7eXffUI2K9xMCIEgo
ZTaDdWT4/QNbk5sHkmw/EggZZ4VVnHx4LUjnvf3U
-----END CERTIFICATE-----
"""

    static let privateKey = """
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgHyNI+83eSofsFanL
aYKu3Ak8XzccHmnP63M07Y+gzN+hRANCAASffRpHx0zc6L0SrYPhxdkWZ0RL106r
gsyDvYD8LDO4aeaK55NmzMNwuW7iJctTMX4It7LQa+vsJmIwMDudkXw/
-----END PRIVATE KEY-----
"""

    static func serverContext() throws -> NIOSSLContext {
        let certificate = try NIOSSLCertificate(bytes: Array(pem.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(privateKey.utf8), format: .pem)
        return try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key)))
    }

    static var certificate: NIOSSLCertificate {
        get throws { try NIOSSLCertificate(bytes: Array(pem.utf8), format: .pem) }
    }
}
