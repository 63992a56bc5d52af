@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Forms refuse cross-site requests")
struct CSRFTests {
    @Test("a form without the right token is refused with 403 and changes nothing")
    func refusesMissingOrWrongToken() async throws {
        try await withBackbone { app in
            // setup
            let fixtures = Fixtures(app)
            let initiative = try await fixtures.initiative("river")
            let org = try await fixtures.organization("River Schools", in: initiative)
            let admin = try await fixtures.user("admin@example.org")
            try await fixtures.member(admin, of: initiative, at: org, as: .backboneAdmin)
            let browser = try await fixtures.session(for: admin)
            let other = try await fixtures.session(for: admin)

            // act + verify: missing, wrong, and another session's token
            for token in ["", "forged", other.csrfToken] {
                try await browser.post(app, "/i/river/partners", ["name": "Forged Partner", "sector": "nonprofit"], csrf: token) { res in
                    #expect(res.status == .forbidden)
                    #expect(res.text.contains("This form has expired"))
                }
            }
            #expect(try await OrganizationModel.query(on: app.db).count() == 1)

            try await browser.post(app, "/i/river/partners", ["name": "Real Partner", "sector": "nonprofit"]) {
                #expect($0.status == .seeOther)
            }
            #expect(try await OrganizationModel.query(on: app.db).count() == 2)
        }
    }

    @Test("the sign-in form needs the token of its own cookie")
    func loginNeedsCookieToken() async throws {
        try await withBackbone { app in
            _ = try await Fixtures(app).user("ada@example.org")
            var browser = try await Browser.anonymous(on: app)
            #expect(browser.csrfCookie != nil)
            let cookie = browser.csrfCookie
            browser.csrfCookie = nil
            try await browser.post(app, "/login", ["email": "ada@example.org", "password": TestPassword.plain]) {
                #expect($0.status == .forbidden)
            }
            browser.csrfCookie = cookie
            try await browser.post(app, "/login", ["email": "ada@example.org", "password": TestPassword.plain], csrf: "x" + browser.csrfToken) {
                #expect($0.status == .forbidden)
            }
        }
    }
}

@Suite("First run")
struct SetupTests {
    @Test("/setup creates the first administrator once, then disappears")
    func setupOnce() async throws {
        try await withBackbone { app in
            try await app.testing().test(.GET, "/") { res in
                #expect(res.status == .seeOther)
                #expect(res.location == "/setup")
            }
            let browser = try await Browser.anonymous(on: app)
            try await browser.get(app, "/setup") { #expect($0.status == .ok) }

            // bad input: every problem beside its field, typed values kept, nothing written
            try await browser.post(app, "/setup", ["displayName": "Ada \"<b>Lovelace</b>", "email": "not-an-email",
                                                   "password": "password1234", "passwordConfirmation": "password1234"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Enter an email address"))
                #expect(res.text.contains("commonly used passwords"))
                #expect(res.text.contains("value=\"not-an-email\""))
                #expect(res.text.contains("value=\"Ada &quot;&lt;b&gt;Lovelace&lt;/b&gt;\""))
                #expect(!res.text.contains("\"<b>"))
            }
            try await browser.post(app, "/setup", ["displayName": "Ada", "email": "ada@example.org",
                                                   "password": "a long enough passphrase", "passwordConfirmation": "another passphrase!"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("The two passwords are not the same."))
            }
            #expect(try await UserRepository(db: app.db).count() == 0)

            try await browser.post(app, "/setup", ["displayName": "Ada", "email": "Ada@Example.org",
                                                   "password": "a long enough passphrase", "passwordConfirmation": "a long enough passphrase"]) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.setCookie?[SessionAuthenticationMiddleware.cookieName] != nil)
            }
            let admin = try #require(try await UserRepository(db: app.db).find(email: "ada@example.org"))
            #expect(admin.isPlatformAdmin)

            try await browser.get(app, "/setup") { #expect($0.status == .notFound) }
            try await browser.post(app, "/setup", ["displayName": "Eve", "email": "eve@example.org",
                                                   "password": "a long enough passphrase", "passwordConfirmation": "a long enough passphrase"]) {
                #expect($0.status == .notFound)
            }
            #expect(try await UserRepository(db: app.db).count() == 1)
        }
    }
}
