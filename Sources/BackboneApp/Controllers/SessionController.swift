import BackboneDomain
import BackbonePersistence
import Vapor

/// Sign-in and sign-out.
enum SessionController {
    struct LoginForm: Content {
        var email: String?
        var password: String?
        var next: String?
        var held: String?
    }

    /// GET /login
    @Sendable static func show(req: Request) async throws -> Response {
        if req.signedIn != nil { return req.redirect(to: SiteURL.home.path) }
        var page = try await basePage(req)
        page.next = (try? req.query.get(String.self, at: "next")) ?? ""
        page.held = (try? req.query.get(String.self, at: HeldForms.keyField)).flatMap { $0.count <= 100 ? $0 : nil } ?? ""
        page.notice = Notice.from(req)
        return page.render(try await req.chrome(nil)).response()
    }

    /// POST /login: one generic message for every failure; throttled per account and address.
    @Sendable static func submit(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let config = req.application.backbone
        let typedEmail = (form.email ?? "").trimmed
        let account = EmailAddress(typedEmail)?.value ?? typedEmail.lowercased()
        let address = req.clientAddress(trustForwardedFor: config.trustForwardedFor)
        let now = Date()
        let failures = LoginFailureRepository(db: req.db)
        var page = try await basePage(req)
        page.email = typedEmail
        page.next = form.next ?? ""
        page.held = form.held.flatMap { $0.count <= 100 ? $0 : nil } ?? ""

        let user = try await UserRepository(db: req.db).find(email: account)
        let browserToken = req.cookies[Self.knownBrowserCookie]?.string
        let knownBrowser = if let user, let browserToken { try await failures.isKnownBrowser(userID: user.requireID(), tokenHash: SecretToken.digest(browserToken)) } else { false }
        let counts = try await failures.counts(account: account, clientAddress: address,
                                               since: now.addingTimeInterval(-config.loginThrottle.window))
        if let wait = config.loginThrottle.wait(accountFailures: counts.account, lastAccountFailure: counts.lastAccountFailure,
                                                addressFailures: counts.address, knownBrowser: knownBrowser, now: now) {
            let minutes = LoginThrottlePolicy.minutes(wait)
            page.error = Texts.current(minutes == 1 ? "login.tooManyOne" : "login.tooMany", ["count": Texts.current.count(minutes)])
            let response = page.render(try await req.chrome(nil)).response(status: .tooManyRequests)
            response.headers.replaceOrAdd(name: "Retry-After", value: "\(Int(wait.rounded(.up)))")
            return response
        }

        // Always run bcrypt, so an unknown email takes as long as a wrong password.
        let matches = try await req.password.async.verify(form.password ?? "", created: user?.passwordHash ?? SecretToken.unmatchableHash)
        guard matches, let user, user.passwordHash != nil, !user.isDisabled else {
            try await failures.record(account: account, clientAddress: address, now: now,
                                      forgetBefore: now.addingTimeInterval(-config.loginThrottle.window))
            page.error = Texts.current("error.emailPasswordNotRight")
            return page.render(try await req.chrome(nil)).response(status: .unauthorized)
        }
        try await failures.clear(account: account)
        // A form held when the last session ran out comes back first (if it is this person's).
        let destination = page.held.isEmpty ? safeNext(form.next) : SiteURL.heldForm(key: page.held).path
        let response = req.redirect(to: destination)
        try await startSession(for: user, on: req, response: response)
        let token = browserToken.flatMap { $0.count >= 40 ? $0 : nil } ?? SecretToken.generate()
        try await failures.rememberBrowser(userID: user.requireID(), tokenHash: SecretToken.digest(token), now: now)
        var cookie = HTTPCookies.Value.secret(token, secure: config.secureCookies, sameSite: .lax)
        cookie.maxAge = 400 * 86_400
        response.cookies[Self.knownBrowserCookie] = cookie
        return response
    }

    /// Marks a browser that signed in before; it outlives sessions and sign-outs.
    static let knownBrowserCookie = "bb_browser"

    /// POST /logout
    @Sendable static func logout(req: Request) async throws -> Response {
        if let session = req.signedIn?.session {
            try await SessionRepository(db: req.db).delete(session)
        }
        let response = req.redirect(to: Notice.signedOut.appended(to: SiteURL.login.path))
        response.cookies[SessionAuthenticationMiddleware.cookieName] = .expired
        return response
    }

    /// Starts a fresh session (a new id every time, so a planted cookie is useless) and ends
    /// the one the browser had before.
    static func startSession(for user: UserModel, on req: Request, response: Response) async throws {
        let sessions = SessionRepository(db: req.db)
        if let previous = req.signedIn?.session { try await sessions.delete(previous) }
        let token = SecretToken.generate()
        try await sessions.create(SessionModel(tokenHash: SecretToken.digest(token), userID: user.requireID(),
                                               csrfToken: SecretToken.generate(), now: Date()))
        response.cookies[SessionAuthenticationMiddleware.cookieName] =
            .secret(token, secure: req.application.backbone.secureCookies, sameSite: .lax)
    }

    /// Only a path on this site, as every browser reads it (no open redirect).
    static func safeNext(_ next: String?) -> String {
        LocalPath.checked(next) ?? SiteURL.home.path
    }

    private static func basePage(_ req: Request) async throws -> LoginPage {
        let config = req.application.backbone
        var page = LoginPage()
        page.demoPassword = config.demo ? config.demoPassword : nil
        page.setupAvailable = try await UserRepository(db: req.db).count() == 0
        page.mailConfigured = req.application.letterhead != nil
        return page
    }
}
