@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

/// What outlives what: tokens and calendar addresses against password changes and disabling,
/// and typed work against a session that runs out.
@Suite("Account safety: credentials and unsaved work")
struct AccountSafetyTests {
    /// An API token and a calendar address for `user`; answers the token and the calendar path.
    static func credentials(_ app: Application, _ user: UserModel, _ browser: Browser) async throws -> (token: String, calendar: String) {
        let token = try await Fixtures(app).apiToken(for: user)
        var calendar = ""
        try await browser.post(app, "/account/calendar", [:]) { res in
            calendar = String(try #require(res.text.firstMatch(of: /\/calendar\/cal_[A-Za-z0-9_-]+\.ics/)).output)
        }
        return (token, calendar)
    }

    static func works(_ app: Application, _ token: String, _ calendar: String) async throws -> (api: Bool, calendar: Bool) {
        var api = false, feed = false
        try await app.testing().test(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(token)"]) { api = $0.status == .ok }
        try await app.testing().test(.GET, calendar) { feed = $0.status == .ok }
        return (api, feed)
    }

    @Test("disabling an account ends its tokens and calendar address for good: enabling it again revives neither")
    func disablingRevokes() async throws {
        try await withBackbone { app in
            // setup
            let fixtures = Fixtures(app)
            let admin = try await fixtures.session(for: try await fixtures.user("root@example.org", platformAdmin: true))
            let ada = try await fixtures.user("ada@example.org")
            let (token, calendar) = try await Self.credentials(app, ada, try await fixtures.session(for: ada))
            #expect(try await Self.works(app, token, calendar) == (true, true))
            // act
            try await admin.post(app, "/admin/users/\(ada.id!)/disable", [:]) { #expect($0.status == .seeOther) }
            try await admin.post(app, "/admin/users/\(ada.id!)/enable", [:]) { #expect($0.status == .seeOther) }
            // verify
            #expect(try await Self.works(app, token, calendar) == (false, false))
        }
    }

    @Test("a password change revokes tokens and the calendar address when its box is ticked (the default), and keeps them when not")
    func passwordChangeOffersToRevoke() async throws {
        try await withBackbone { app in
            let fixtures = Fixtures(app)
            let ada = try await fixtures.user("ada@example.org")
            let browser = try await fixtures.session(for: ada)
            try await browser.get(app, "/account") { res in
                #expect(res.text.contains(#"name="revokeAccess" checked"#))
            }
            let kept = try await Self.credentials(app, ada, browser)
            try await browser.post(app, "/account/password", ["currentPassword": TestPassword.plain, "newPassword": "a brand new passphrase 1",
                                                              "newPasswordConfirmation": "a brand new passphrase 1"]) { #expect($0.status == .seeOther) }
            #expect(try await Self.works(app, kept.token, kept.calendar) == (true, true), "the box was not ticked")

            let revoked = try await Self.credentials(app, ada, browser)
            try await browser.post(app, "/account/password", ["currentPassword": "a brand new passphrase 1", "newPassword": "another new passphrase 2",
                                                              "newPasswordConfirmation": "another new passphrase 2", "revokeAccess": "on"]) { #expect($0.status == .seeOther) }
            #expect(try await Self.works(app, revoked.token, revoked.calendar) == (false, false))
            #expect(try await Self.works(app, kept.token, kept.calendar).api == false, "every token went")
        }
    }

    @Test("figures typed while the session ran out come back after signing in again, once, to their author only, and save through the form's checks")
    func typedFiguresSurviveTheSessionEnding() async throws {
        try await withBackbone { app in
            // setup: the steward's session was last used three hours ago
            let s = try await ReportingPagesTests.setUp(app)
            let steward = try #require(try await UserRepository(db: app.db).find(email: "steward@example.org"))
            let stale = try await Fixtures(app).session(for: steward, createdAt: Date().addingTimeInterval(-3 * 3600))
            let path = "/i/river/reporting/\(s.partner.id!)/\(ReportingPagesTests.thisMonth)"
            let figure = "\(s.served.id!).total.value"

            // act: the form is posted on the ended session
            var login = ""
            try await stale.post(app, path, [figure: "417", "revision": "0", "action": "save"]) { res in
                #expect(res.status == .seeOther)
                login = try #require(res.location)
            }
            let key = try #require(URLComponents(string: login)?.queryItems?.first { $0.name == "held" }?.value)
            #expect(login.hasPrefix("/login?"))
            var visitor = try await Browser.anonymous(on: app)
            try await visitor.get(app, login) { res in
                #expect(res.text.contains("what you typed will be given back"))
                #expect(res.text.contains(#"name="held" value="\#(key)""#))
            }
            // Someone else signing in with the key gets nothing of it.
            var other = try await Browser.anonymous(on: app)
            try await other.post(app, "/login", ["email": "viewer@example.org", "password": TestPassword.plain, "held": key]) { res in
                #expect(res.location == "/account/held/\(key)")
                other.sessionCookie = res.headers.setCookie?[SessionAuthenticationMiddleware.cookieName]?.string
            }
            try await other.get(app, "/account/held/\(key)") { res in
                #expect(res.status == .notFound)
                #expect(!res.text.contains("417"))
            }
            // The steward signs in and gets the figures back.
            try await visitor.post(app, "/login", ["email": "steward@example.org", "password": TestPassword.plain, "held": key, "next": path]) { res in
                #expect(res.location == "/account/held/\(key)")
                visitor.sessionCookie = res.headers.setCookie?[SessionAuthenticationMiddleware.cookieName]?.string
            }
            let session = try #require(try await SessionModel.query(on: app.db).filter(\.$userID == steward.requireID()).sort(\.$createdAt, .descending).first())
            visitor.csrfToken = session.csrfToken
            try await visitor.get(app, "/account/held/\(key)") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains(#"name="\#(figure)" value="417""#))
                #expect(res.text.contains(#"action="\#(path)""#))
            }
            try await visitor.get(app, "/account/held/\(key)") { #expect($0.status == .notFound, "a key works once") }

            // verify: sending the figures again saves them
            try await visitor.post(app, path, [figure: "417", "revision": "0", "action": "save"]) { #expect($0.status == .seeOther) }
            let saved = try await ReportingRepository(db: app.db, scope: InitiativeScope(verifiedInitiativeID: s.partner.initiativeID))
                .submission(organizationID: s.partner.requireID(), periodKey: ReportingPagesTests.thisMonth)
            #expect(saved != nil)
        }
    }

    @Test("a post on a session that ended but with a forged form token is refused, and nothing is held")
    func forgedHeldPostIsRefused() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let steward = try #require(try await UserRepository(db: app.db).find(email: "steward@example.org"))
            let stale = try await Fixtures(app).session(for: steward, createdAt: Date().addingTimeInterval(-3 * 3600))
            try await stale.post(app, "/i/river/reporting/\(s.partner.id!)/\(ReportingPagesTests.thisMonth)", ["revision": "0"], csrf: "forged") {
                #expect($0.status == .forbidden)
            }
            #expect(try await HeldFormModel.query(on: app.db).count() == 0)
        }
    }
}
