import BackbonePersistence
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Hands mail to an SMTP server: EHLO, then (as configured) STARTTLS or TLS from the first byte,
/// AUTH PLAIN or LOGIN, then MAIL FROM, RCPT TO, DATA, QUIT, with a time limit on the whole
/// exchange. Without encryption it is for a relay on a trusted network (the host's own mail
/// server, for example); a provider is used directly with TLS and a login.
struct SMTPTransport: MailTransport {
    let host: String
    let port: Int
    let from: String
    let heloName: String
    let group: any EventLoopGroup
    var security: AppConfig.MailSettings.Security = .none
    var credentials: AppConfig.MailSettings.Credentials?
    /// Certificates to trust instead of the system's (a private certificate authority).
    var trustRoots: [NIOSSLCertificate]?
    var timeout: TimeAmount = .seconds(30)

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(host: String, port: Int, from: String, heloName: String, group: any EventLoopGroup) {
        self.host = host
        self.port = port
        self.from = from
        self.heloName = heloName
        self.group = group
    }

    init(_ settings: AppConfig.MailSettings, heloName: String, group: any EventLoopGroup) throws {
        self.init(host: settings.host, port: settings.port, from: settings.from, heloName: heloName, group: group)
        security = settings.security
        credentials = settings.credentials
        trustRoots = try settings.trustedCertificatesFile.map(NIOSSLCertificate.fromPEMFile)
    }

    func send(_ mail: OutgoingMail) async throws {
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        let deadline = channel.channel.eventLoop.scheduleTask(in: timeout) { channel.channel.close(promise: nil) }
        defer { deadline.cancel() }
        if security == .tls { try await startTLS(on: channel.channel) }
        try await channel.executeThenClose { inbound, outbound in
            var replies = ReplyReader(iterator: inbound.makeAsyncIterator())
            @discardableResult
            func say(_ line: String, step: String, expect codes: Set<Int>) async throws -> [String] {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                return try await replies.expect(codes, after: step)
            }
            try await replies.expect([220], after: "connect")
            var capabilities = Capabilities(try await say("EHLO \(heloName)", step: "EHLO", expect: [250]))
            if security == .starttls {
                guard capabilities.startTLS else { throw Failure(description: "the mail server does not offer STARTTLS") }
                try await say("STARTTLS", step: "STARTTLS", expect: [220])
                try await startTLS(on: channel.channel)
                // What the server said before encryption counts for nothing after it.
                capabilities = Capabilities(try await say("EHLO \(heloName)", step: "EHLO", expect: [250]))
            }
            if let credentials {
                // The password is never part of a step's name, so no error message can carry it.
                if capabilities.auth.contains("PLAIN") {
                    let token = Data(("\0" + credentials.username + "\0" + credentials.password).utf8).base64EncodedString()
                    try await say("AUTH PLAIN \(token)", step: "AUTH PLAIN", expect: [235])
                } else if capabilities.auth.contains("LOGIN") {
                    try await say("AUTH LOGIN", step: "AUTH LOGIN", expect: [334])
                    try await say(Data(credentials.username.utf8).base64EncodedString(), step: "the user name", expect: [334])
                    try await say(Data(credentials.password.utf8).base64EncodedString(), step: "the password", expect: [235])
                } else {
                    throw Failure(description: "the mail server offers no login Backbone knows (PLAIN or LOGIN)")
                }
            }
            try await say("MAIL FROM:<\(from)>", step: "MAIL FROM", expect: [250])
            try await say("RCPT TO:<\(mail.to)>", step: "RCPT TO", expect: [250, 251])
            try await say("DATA", step: "DATA", expect: [354])
            try await outbound.write(ByteBuffer(string: Self.message(mail, from: from, now: Date()) + "\r\n.\r\n"))
            try await replies.expect([250], after: "message")
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }

    /// Puts TLS under the conversation: the handler goes next to the socket, so everything read
    /// and written from here on is encrypted, and the server's certificate must name `host`.
    private func startTLS(on channel: any Channel) async throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let trustRoots { configuration.trustRoots = .certificates(trustRoots) }
        let context = try NIOSSLContext(configuration: configuration)
        let hostname = host.first?.isNumber == true || host.contains(":") ? nil : host
        let handler = try NIOSSLClientHandler(context: context, serverHostname: hostname)
        try await channel.pipeline.addHandler(handler, position: .first).get()
    }

    /// What the server offers, from its EHLO reply.
    struct Capabilities {
        var startTLS = false
        var auth: Set<String> = []

        init(_ lines: [String]) {
            for line in lines.dropFirst() {
                let words = line.dropFirst(4).uppercased().split(separator: " ").map(String.init)
                if words.first == "STARTTLS" { startTLS = true }
                if words.first == "AUTH" { auth.formUnion(words.dropFirst()) }
            }
        }
    }

    /// The message: headers, then the text body in base64 (so no line of it can start with a
    /// dot or be too long, and any language's letters arrive intact).
    static func message(_ mail: OutgoingMail, from: String, now: Date) -> String {
        let date = MailDate.rfc5322(now)
        let body = Data(mail.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return [
            "From: Backbone <\(from)>",
            "To: <\(mail.to)>",
            "Subject: " + encodedWord(mail.subject),
            "Date: \(date)",
            "Message-ID: <\(UUID().uuidString)@\(from.split(separator: "@").last ?? "backbone")>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            body,
        ].joined(separator: "\r\n")
    }

    /// A header value in plain ASCII as is, otherwise as a UTF-8 encoded word.
    static func encodedWord(_ text: String) -> String {
        text.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 32 }
            ? text : "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    /// Reads the server's replies line by line; a reply may span several lines (`250-…`).
    struct ReplyReader {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var pending = ""

        mutating func line() async throws -> String {
            while true {
                if let range = pending.range(of: "\r\n") {
                    let line = String(pending[..<range.lowerBound])
                    pending.removeSubrange(..<range.upperBound)
                    return line
                }
                // A server that never ends a line is not waited on for ever.
                guard pending.utf8.count < 64 * 1_024 else { throw Failure(description: "the mail server sent an overlong line") }
                guard var buffer = try await iterator.next() else { throw Failure(description: "the mail server closed the connection") }
                pending += buffer.readString(length: buffer.readableBytes) ?? ""
            }
        }

        /// Reads one whole reply; answers its lines when its code is one of `codes`.
        @discardableResult
        mutating func expect(_ codes: Set<Int>, after step: String) async throws -> [String] {
            var lines = [try await line()]
            while let last = lines.last, last.count >= 4, last[last.index(last.startIndex, offsetBy: 3)] == "-", lines.count < 100 {
                lines.append(try await self.line())
            }
            let final = lines.last ?? ""
            guard let code = Int(final.prefix(3)), codes.contains(code) else {
                throw Failure(description: "the mail server answered \(step) with: \(final.prefix(200))")
            }
            return lines
        }
    }
}

enum MailDate {
    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
