@testable import BackboneApp
import BackbonePersistence
import Foundation
import NIOPosix
import Testing

/// Mail to a provider: STARTTLS or TLS from the start, a login, and the server's certificate
/// checked, against a real TLS-speaking mail server on loopback.
@Suite("Mail: STARTTLS, TLS and login")
struct MailSecurityTests {
    static let login = AppConfig.MailSettings.Credentials(username: "backbone@example.org", password: "s3cret-Pa55word")
    static let mail = OutgoingMail(to: "ada@example.org", subject: "Your report is due", body: "Hello")

    static func transport(_ sink: MailSink, _ security: AppConfig.MailSettings.Security, login: AppConfig.MailSettings.Credentials? = login,
                          trusting: Bool = true) throws -> SMTPTransport {
        var transport = SMTPTransport(host: "127.0.0.1", port: sink.port, from: "backbone@example.org", heloName: "test",
                                      group: MultiThreadedEventLoopGroup.singleton)
        transport.security = security
        transport.credentials = login
        transport.trustRoots = trusting ? [try TestCertificate.certificate] : nil
        transport.timeout = .seconds(10)
        return transport
    }

    @Test("STARTTLS then AUTH PLAIN: the message arrives, and nothing after STARTTLS, the password least of all, crosses in plain text")
    func startTLSWithPlainLogin() async throws {
        // setup
        let sink = try await MailSink.start(.init(security: .starttls, login: Self.login))
        // act
        try await Self.transport(sink, .starttls).send(Self.mail)
        // verify
        #expect(sink.messages.count == 1)
        #expect(sink.plaintextLines.map { $0.prefix(4).uppercased() } == ["EHLO", "STAR"])
        try await sink.stop()
    }

    @Test("TLS from the first byte with AUTH LOGIN, when the server offers only LOGIN")
    func implicitTLSWithLogin() async throws {
        let sink = try await MailSink.start(.init(security: .tls, login: Self.login, authMechanisms: ["LOGIN"]))
        try await Self.transport(sink, .tls).send(Self.mail)
        #expect(sink.messages.count == 1)
        #expect(sink.plaintextLines.isEmpty)
        try await sink.stop()
    }

    @Test("a wrong password, a server without STARTTLS and an untrusted certificate each fail the send, and no error names the password")
    func failures() async throws {
        // A wrong password.
        let sink = try await MailSink.start(.init(security: .starttls, login: Self.login))
        let wrong = AppConfig.MailSettings.Credentials(username: Self.login.username, password: "not-the-password")
        let refused = await #expect(throws: SMTPTransport.Failure.self) { try await Self.transport(sink, .starttls, login: wrong).send(Self.mail) }
        #expect(refused?.description.contains("535") == true)
        #expect(refused?.description.contains(wrong.password) == false)
        #expect(refused?.description.contains(Data(wrong.password.utf8).base64EncodedString()) == false)
        // An untrusted certificate: the handshake fails before anything else is said.
        await #expect(throws: (any Error).self) { try await Self.transport(sink, .starttls, trusting: false).send(Self.mail) }
        #expect(sink.messages.isEmpty)
        try await sink.stop()

        // A server that does not offer STARTTLS: the login is never sent in plain text.
        let plain = try await MailSink.start(.init(security: .none))
        let downgrade = await #expect(throws: SMTPTransport.Failure.self) { try await Self.transport(plain, .starttls).send(Self.mail) }
        #expect(downgrade?.description.contains("STARTTLS") == true)
        #expect(plain.plaintextLines.map { $0.prefix(4).uppercased() } == ["EHLO"])
        #expect(plain.messages.isEmpty)
        try await plain.stop()
    }

    @Test("settings: a login needs encryption, email needs a public address, and the address must be a web address")
    func settings() throws {
        let base = ["BACKBONE_SMTP_HOST": "smtp.example.org", "BACKBONE_MAIL_FROM": "backbone@example.org",
                    "BACKBONE_PUBLIC_URL": "https://backbone.example.org", "BACKBONE_SMTP_PORT": "587"]
        let (config, _) = try AppConfig.load(arguments: ["backbone", "serve"], environment: base.merging([
            "BACKBONE_SMTP_SECURITY": "starttls", "BACKBONE_SMTP_USERNAME": "u", "BACKBONE_SMTP_PASSWORD": "p"]) { $1 })
        #expect(config.mail?.security == .starttls && config.mail?.credentials?.username == "u")
        #expect(config.mail?.credentials?.description.contains("p (") == false && config.mail?.credentials?.description.contains("hidden") == true)

        for (environment, complaint) in [
            (base.merging(["BACKBONE_SMTP_USERNAME": "u", "BACKBONE_SMTP_PASSWORD": "p"]) { $1 }, "BACKBONE_SMTP_SECURITY"),
            (base.merging(["BACKBONE_SMTP_SECURITY": "ssl"]) { $1 }, "BACKBONE_SMTP_SECURITY"),
            (base.merging(["BACKBONE_SMTP_SECURITY": "tls", "BACKBONE_SMTP_USERNAME": "u"]) { $1 }, "BACKBONE_SMTP_PASSWORD"),
            (base.filter { $0.key != "BACKBONE_PUBLIC_URL" }, "BACKBONE_PUBLIC_URL"),
            (base.merging(["BACKBONE_PUBLIC_URL": "javascript:alert(1)"]) { $1 }, "BACKBONE_PUBLIC_URL"),
            (base.merging(["BACKBONE_SMTP_CA_FILE": "/does/not/exist.pem"]) { $1 }, "BACKBONE_SMTP_CA_FILE"),
        ] {
            let error = #expect(throws: AppConfig.InvalidArguments.self) { try AppConfig.load(arguments: ["backbone", "serve"], environment: environment) }
            #expect(error?.description.contains(complaint) == true, "\(environment)")
        }
    }
}
