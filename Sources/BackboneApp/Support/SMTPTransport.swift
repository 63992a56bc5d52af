import BackbonePersistence
import Foundation
import NIOCore
import NIOPosix

/// Hands mail to an SMTP relay: EHLO, MAIL FROM, RCPT TO, DATA, QUIT, with a time limit on the
/// whole exchange. The connection is not encrypted and does not log in: Backbone is meant to hand
/// mail to a relay on a trusted network (the host's own mail server, for example), which
/// delivers it onward.
struct SMTPTransport: MailTransport {
    let host: String
    let port: Int
    let from: String
    let heloName: String
    let group: any EventLoopGroup
    var timeout: TimeAmount = .seconds(30)

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func send(_ mail: OutgoingMail) async throws {
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        let deadline = channel.channel.eventLoop.scheduleTask(in: timeout) { channel.channel.close(promise: nil) }
        defer { deadline.cancel() }
        try await channel.executeThenClose { inbound, outbound in
            var replies = ReplyReader(iterator: inbound.makeAsyncIterator())
            func say(_ line: String, expect codes: Set<Int>) async throws {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                try await replies.expect(codes, after: line.components(separatedBy: ":").first ?? line)
            }
            try await replies.expect([220], after: "connect")
            try await say("EHLO \(heloName)", expect: [250])
            try await say("MAIL FROM:<\(from)>", expect: [250])
            try await say("RCPT TO:<\(mail.to)>", expect: [250, 251])
            try await say("DATA", expect: [354])
            try await outbound.write(ByteBuffer(string: Self.message(mail, from: from, now: Date()) + "\r\n.\r\n"))
            try await replies.expect([250], after: "message")
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
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
                guard var buffer = try await iterator.next() else { throw Failure(description: "the mail server closed the connection") }
                pending += buffer.readString(length: buffer.readableBytes) ?? ""
            }
        }

        mutating func expect(_ codes: Set<Int>, after step: String) async throws {
            var line = try await line()
            while line.count >= 4, line[line.index(line.startIndex, offsetBy: 3)] == "-" { line = try await self.line() }
            guard let code = Int(line.prefix(3)), codes.contains(code) else {
                throw Failure(description: "the mail server answered \(step) with: \(line.prefix(200))")
            }
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
