@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Forgotten passwords and help pages")
struct ForgotPasswordTests {
    static func mail(_ config: inout AppConfig) { config.mail = .init(host: "127.0.0.1", port: 2525, from: "backbone@example.org") }

    @Test("without mail, sign-in and the forgot page say to ask the backbone, and nothing is sent")
    func withoutMail() async throws {
        try await withBackbone { app in
            _ = try await Fixtures(app).user("ana@example.org")
            let browser = try await Browser.anonymous(on: app)
            try await browser.get(app, "/login") { res in
                #expect(res.text.contains("Ask the staff of your initiative"))
                #expect(!res.text.contains("href=\"/forgot-password\""))
            }
            try await browser.post(app, "/forgot-password", ["email": "ana@example.org"]) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("does not send email"))
            }
            #expect(try await Outbox(db: app.db).all().isEmpty)
            #expect(try await PasswordSetupTokenModel.query(on: app.db).count() == 0)
        }
    }

    @Test("a one-time link by email, in the person's language, valid an hour; the answer never tells whether an account exists")
    func resetByEmail() async throws {
        try await withBackbone(Self.mail) { app in
            let fixtures = Fixtures(app)
            let ana = try await fixtures.user("ana@example.org")
            ana.language = "es"
            try await ana.save(on: app.db)
            let signedIn = try await fixtures.session(for: ana)
            let browser = try await Browser.anonymous(on: app)
            try await browser.get(app, "/login") { #expect($0.text.contains("href=\"/forgot-password\"")) }

            // Bad input is explained and kept; an unknown address gets the same answer as a known one.
            for bad in ["", "not an address", String(repeating: "a", count: 100_000)] {
                try await browser.post(app, "/forgot-password", ["email": bad]) { #expect($0.status == .unprocessableEntity) }
            }
            var answers: [String] = []
            for address in ["nobody@example.org", "ANA@example.org"] {
                try await browser.post(app, "/forgot-password", ["email": address]) { res in
                    #expect(res.status == .ok)
                    answers.append(res.text.replacingOccurrences(of: address.lowercased(), with: "ADDRESS"))
                }
            }
            #expect(answers[0] == answers[1], "the page is the same whether or not the account exists")

            let mails = try await Outbox(db: app.db).all()
            #expect(mails.map(\.toAddress) == ["ana@example.org"])
            let mail = try #require(mails.first)
            #expect(mail.subject == "Elija una contraseña nueva para Backbone", "written in the person's own language")
            let token = String(try #require(mail.body.firstMatch(of: /\/set-password\/([A-Za-z0-9_-]{43})/)).1)

            // A second request within ten minutes sends nothing more.
            try await browser.post(app, "/forgot-password", ["email": "ana@example.org"]) { #expect($0.status == .ok) }
            #expect(try await Outbox(db: app.db).all().count == 1)

            // The link sets a password once, and ends the sessions signed in with the old one.
            try await browser.get(app, "/set-password/\(token)") { #expect($0.status == .ok) }
            let fields = ["password": "a brand new passphrase", "passwordConfirmation": "a brand new passphrase"]
            try await browser.post(app, "/set-password/\(token)", fields) { #expect($0.status == .seeOther) }
            try await signedIn.get(app, "/account") { #expect($0.status == .seeOther, "the old session is over") }
            try await browser.post(app, "/set-password/\(token)", fields) { #expect($0.status == .notFound, "single use") }
            let link = try #require(try await PasswordSetupTokenModel.query(on: app.db).first())
            #expect(abs(link.expiresAt.timeIntervalSinceNow - 3_600) < 120 || link.usedAt != nil)
        }
    }

    @Test("a link older than an hour no longer works; a disabled account gets no link")
    func expiredAndDisabled() async throws {
        try await withBackbone(Self.mail) { app in
            let fixtures = Fixtures(app)
            let ana = try await fixtures.user("ana@example.org")
            let bo = try await fixtures.user("bo@example.org")
            bo.disabledAt = Date()
            try await bo.save(on: app.db)
            let browser = try await Browser.anonymous(on: app)
            try await browser.post(app, "/forgot-password", ["email": "bo@example.org"]) { #expect($0.status == .ok) }
            #expect(try await Outbox(db: app.db).all().isEmpty)
            try await browser.post(app, "/forgot-password", ["email": "ana@example.org"]) { #expect($0.status == .ok) }
            let mail = try #require(try await Outbox(db: app.db).all().first)
            #expect(mail.subject == "Choose a new password for Backbone")
            let token = String(try #require(mail.body.firstMatch(of: /\/set-password\/([A-Za-z0-9_-]{43})/)).1)
            let link = try #require(try await PasswordSetupTokenModel.query(on: app.db).filter(\.$userID == ana.requireID()).first())
            link.expiresAt = Date().addingTimeInterval(-1)
            try await link.save(on: app.db)
            try await browser.get(app, "/set-password/\(token)") { #expect($0.status == .notFound) }
        }
    }

    @Test("help: every part's page in both languages, linked from the header of the pages it explains; unknown parts are not found")
    func helpPages() async throws {
        try await withBackbone { app in
            let browser = try await Browser.anonymous(on: app)
            try await browser.get(app, "/help") { res in
                #expect(res.status == .ok)
                for area in HelpArea.allCases { #expect(res.text.contains("href=\"/help/\(area.rawValue)\"")) }
                #expect(res.text.contains("Backbone organization") && res.text.contains("Learning summary"))
            }
            for area in HelpArea.allCases {
                try await browser.get(app, "/help/\(area.rawValue)") { #expect($0.status == .ok) }
            }
            try await browser.get(app, "/help/reporting") { res in
                #expect(res.text.contains("Returned for changes") && res.text.contains("correct it and submit it again"))
            }
            try await browser.get(app, "/help/nothing-here") { #expect($0.status == .notFound) }
            try await app.testing().test(.GET, "/help/reporting", headers: ["Accept-Language": "es"]) { res in
                #expect(res.text.contains("<html lang=\"es\">") && res.text.contains("Devuelto para cambios") && res.text.contains("corríjalo"))
            }

            let s = try await ReportingPagesTests.setUp(app)
            try await s.steward.get(app, "/i/river/reporting") { res in
                #expect(res.text.contains("href=\"/help/reporting\""))
            }
            try await s.admin.get(app, "/i/river/review") { #expect($0.text.contains("href=\"/help/review\"")) }
        }
    }
}
