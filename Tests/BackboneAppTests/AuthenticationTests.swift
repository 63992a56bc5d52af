@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Sign-in, sessions and throttling")
struct AuthenticationTests {
    @Test("signing in starts a new session, and signing out ends it")
    func signInAndOut() async throws {
        try await withBackbone { app in
            // setup
            let user = try await Fixtures(app).user("ada@example.org")
            let planted = try await Fixtures(app).session(for: user)
            var browser = try await Browser.anonymous(on: app)
            browser.sessionCookie = planted.sessionCookie
            browser.csrfToken = planted.csrfToken

            // act: sign in (email typed in another case) while holding an older session
            var newCookie: String?
            try await browser.post(app, "/login", ["email": "  ADA@Example.org ", "password": TestPassword.plain, "next": "/account"]) { res in
                #expect(res.status == .seeOther)
                #expect(res.location == "/account")
                newCookie = res.headers.setCookie?[SessionAuthenticationMiddleware.cookieName]?.string
            }

            // verify: a different session id, the old one deleted
            let cookie = try #require(newCookie)
            #expect(cookie != planted.sessionCookie)
            #expect(try await SessionRepository(db: app.db).find(tokenHash: SecretToken.digest(planted.sessionCookie!)) == nil)
            let session = try #require(try await SessionRepository(db: app.db).find(tokenHash: SecretToken.digest(cookie)))
            browser = Browser(sessionCookie: cookie, csrfToken: session.csrfToken)
            try await browser.get(app, "/account") { #expect($0.status == .ok) }

            // act: sign out
            try await browser.post(app, "/logout", [:]) { #expect($0.status == .seeOther) }
            try await browser.get(app, "/account") { res in
                #expect(res.status == .seeOther)
                #expect(res.location?.hasPrefix("/login") == true)
            }
        }
    }

    @Test("every failed sign-in gets the same message, whether or not the account exists")
    func genericFailure() async throws {
        try await withBackbone { app in
            _ = try await Fixtures(app).user("ada@example.org")
            let browser = try await Browser.anonymous(on: app)
            var bodies: [String] = []
            for (email, password) in [("ada@example.org", "wrong password 123"), ("nobody@example.org", TestPassword.plain), ("not an email", "x")] {
                try await browser.post(app, "/login", ["email": email, "password": password]) { res in
                    #expect(res.status == .unauthorized)
                    #expect(res.headers.setCookie?[SessionAuthenticationMiddleware.cookieName] == nil)
                    bodies.append(res.text)
                }
            }
            #expect(bodies.allSatisfy { $0.contains("The email or password is not right, or the account is not active.") })
        }
    }

    @Test("an invited person without a password cannot sign in")
    func noPasswordYet() async throws {
        try await withBackbone { app in
            try await UserModel(email: "new@example.org", displayName: "New", passwordHash: nil, createdAt: Date()).create(on: app.db)
            let browser = try await Browser.anonymous(on: app)
            try await browser.post(app, "/login", ["email": "new@example.org", "password": ""]) { #expect($0.status == .unauthorized) }
        }
    }

    @Test("after five failures an account backs off for strangers, even with the right password, but not for a browser it signed in from before")
    func accountThrottle() async throws {
        try await withBackbone { app in
            // setup: Ada signed in once from her own browser, which keeps the known-browser cookie
            _ = try await Fixtures(app).user("ada@example.org")
            var own = try await Browser.anonymous(on: app)
            try await own.post(app, "/login", ["email": "ada@example.org", "password": TestPassword.plain]) { res in
                #expect(res.status == .seeOther)
                own.knownBrowserCookie = res.headers.setCookie?[SessionController.knownBrowserCookie]?.string
            }
            #expect(own.knownBrowserCookie != nil)
            let stranger = try await Browser.anonymous(on: app)

            // act: someone else guesses five times
            for _ in 0..<5 {
                try await stranger.post(app, "/login", ["email": "ada@example.org", "password": "wrong password 123"]) {
                    #expect($0.status == .unauthorized)
                }
            }
            // verify: the stranger waits, even with the right password...
            try await stranger.post(app, "/login", ["email": "ada@example.org", "password": TestPassword.plain]) { res in
                #expect(res.status == .tooManyRequests)
                #expect(Int(res.headers.first(name: "Retry-After") ?? "").map { (1...30).contains($0) } == true)
                #expect(res.text.contains("Too many failed sign-in attempts"))
                #expect(res.headers.setCookie?[SessionAuthenticationMiddleware.cookieName] == nil)
            }
            // ...a forged known-browser cookie does not help...
            var forged = stranger
            forged.knownBrowserCookie = String(repeating: "x", count: 43)
            try await forged.post(app, "/login", ["email": "ada@example.org", "password": TestPassword.plain]) { #expect($0.status == .tooManyRequests) }
            // ...and Ada, from her own browser, signs in.
            try await own.post(app, "/login", ["email": "ada@example.org", "password": TestPassword.plain]) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.setCookie?[SessionAuthenticationMiddleware.cookieName] != nil)
            }
        }
    }

    @Test("one address guessing many accounts is throttled")
    func addressThrottle() async throws {
        try await withBackbone({ $0.loginThrottle = LoginThrottlePolicy(maxFailuresPerAccount: 5, maxFailuresPerAddress: 3) }) { app in
            _ = try await Fixtures(app).user("ada@example.org")
            let browser = try await Browser.anonymous(on: app)
            for i in 0..<3 {
                try await browser.post(app, "/login", ["email": "guess\(i)@example.org", "password": "wrong password 123"]) {
                    #expect($0.status == .unauthorized)
                }
            }
            try await browser.post(app, "/login", ["email": "ada@example.org", "password": TestPassword.plain]) {
                #expect($0.status == .tooManyRequests)
            }
        }
    }

    @Test("a session ends after the idle timeout and after the absolute timeout")
    func timeouts() async throws {
        try await withBackbone { app in
            let user = try await Fixtures(app).user("ada@example.org")
            let policy = SessionPolicy()
            let now = Date()
            let idle = try await Fixtures(app).session(for: user, createdAt: now.addingTimeInterval(-3 * 3600),
                                                      lastSeenAt: now.addingTimeInterval(-policy.idleTimeout - 60))
            let old = try await Fixtures(app).session(for: user, createdAt: now.addingTimeInterval(-policy.absoluteTimeout - 60),
                                                     lastSeenAt: now.addingTimeInterval(-30))
            let fresh = try await Fixtures(app).session(for: user, createdAt: now.addingTimeInterval(-3600),
                                                       lastSeenAt: now.addingTimeInterval(-600))
            for expired in [idle, old] {
                try await expired.get(app, "/account") { res in
                    #expect(res.status == .seeOther)
                    #expect(res.headers.setCookie?[SessionAuthenticationMiddleware.cookieName]?.string == "")
                }
                #expect(try await SessionRepository(db: app.db).find(tokenHash: SecretToken.digest(expired.sessionCookie!)) == nil)
            }
            try await fresh.get(app, "/account") { #expect($0.status == .ok) }
            // A request refreshes the idle clock.
            let touched = try #require(try await SessionRepository(db: app.db).find(tokenHash: SecretToken.digest(fresh.sessionCookie!)))
            #expect(now.timeIntervalSince(touched.lastSeenAt) < 60)
        }
    }

    @Test("disabling a user ends their sessions at once and stops their tokens")
    func disablingEndsSessions() async throws {
        try await withBackbone { app in
            let admin = try await Fixtures(app).user("root@example.org", platformAdmin: true)
            let user = try await Fixtures(app).user("ada@example.org")
            let adminBrowser = try await Fixtures(app).session(for: admin)
            let userBrowser = try await Fixtures(app).session(for: user)
            let token = try await Fixtures(app).apiToken(for: user)
            try await userBrowser.get(app, "/account") { #expect($0.status == .ok) }

            try await adminBrowser.post(app, "/admin/users/\(user.id!.uuidString)/disable", [:]) { #expect($0.status == .seeOther) }

            #expect(try await SessionRepository(db: app.db).count(userID: user.requireID()) == 0)
            try await userBrowser.get(app, "/account") { #expect($0.status == .seeOther) }
            try await app.testing().test(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(token)"]) {
                #expect($0.status == .unauthorized)
            }
            let browser = try await Browser.anonymous(on: app)
            try await browser.post(app, "/login", ["email": "ada@example.org", "password": TestPassword.plain]) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test("an administrator cannot disable their own account, and others cannot disable anyone")
    func disablingRules() async throws {
        try await withBackbone { app in
            let admin = try await Fixtures(app).user("root@example.org", platformAdmin: true)
            let user = try await Fixtures(app).user("ada@example.org")
            let adminBrowser = try await Fixtures(app).session(for: admin)
            let userBrowser = try await Fixtures(app).session(for: user)
            try await adminBrowser.post(app, "/admin/users/\(admin.id!.uuidString)/disable", [:]) { #expect($0.status == .forbidden) }
            try await userBrowser.post(app, "/admin/users/\(admin.id!.uuidString)/disable", [:]) { #expect($0.status == .forbidden) }
            #expect(try await UserRepository(db: app.db).find(id: admin.requireID())?.isDisabled == false)
        }
    }

    @Test("changing the password needs the current one, refuses weak ones, and signs out other sessions")
    func passwordChange() async throws {
        try await withBackbone { app in
            let user = try await Fixtures(app).user("ada@example.org")
            let here = try await Fixtures(app).session(for: user)
            let elsewhere = try await Fixtures(app).session(for: user)

            try await here.post(app, "/account/password", ["currentPassword": "not it at all", "newPassword": "a brand new passphrase", "newPasswordConfirmation": "a brand new passphrase"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("This is not your current password."))
            }
            try await here.post(app, "/account/password", ["currentPassword": TestPassword.plain, "newPassword": "password1234", "newPasswordConfirmation": "password1234"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("commonly used passwords"))
            }
            try await here.post(app, "/account/password", ["currentPassword": TestPassword.plain, "newPassword": "short", "newPasswordConfirmation": "short"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("at least 12 characters"))
            }
            let unchanged = try #require(try await UserRepository(db: app.db).find(id: user.requireID()))
            #expect(unchanged.passwordHash == TestPassword.hash)

            try await here.post(app, "/account/password", ["currentPassword": TestPassword.plain, "newPassword": "a brand new passphrase", "newPasswordConfirmation": "a brand new passphrase"]) { res in
                #expect(res.status == .seeOther)
            }
            try await here.get(app, "/account") { #expect($0.status == .ok) }
            try await elsewhere.get(app, "/account") { #expect($0.status == .seeOther) }
            let changed = try #require(try await UserRepository(db: app.db).find(id: user.requireID()))
            #expect(try Bcrypt.verify("a brand new passphrase", created: changed.passwordHash!))
        }
    }

    @Test("after sign-in only local paths are followed (no open redirect)")
    func safeNext() {
        #expect(SessionController.safeNext("/i/harbor") == "/i/harbor")
        #expect(SessionController.safeNext("//evil.example") == "/")
        #expect(SessionController.safeNext("https://evil.example") == "/")
        #expect(SessionController.safeNext("/\\evil.example") == "/")
        #expect(SessionController.safeNext(nil) == "/")
    }
}
