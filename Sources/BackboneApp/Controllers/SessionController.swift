import BackboneDomain
import BackbonePersistence
import Vapor

/// Sign-in and sign-out.
enum SessionController {
    struct LoginForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    /// GET /login
    @Sendable static func show(req: Request) async throws -> Response {
        if req.signedIn != nil { return req.redirect(to: SiteURL.home.path) }
        var page = try await basePage(req)
        page.next = (try? req.query.get(String.self, at: "next")) ?? ""
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

        let counts = try await failures.counts(account: account, clientAddress: address,
                                               since: now.addingTimeInterval(-config.loginThrottle.window))
        if config.loginThrottle.isBlocked(accountFailures: counts.account, addressFailures: counts.address) {
            page.error = "Too many failed sign-in attempts. Wait \(config.loginThrottle.retryAfterMinutes) minutes and try again."
            let response = page.render(try await req.chrome(nil)).response(status: .tooManyRequests)
            response.headers.replaceOrAdd(name: "Retry-After", value: "\(Int(config.loginThrottle.window))")
            return response
        }

        let user = try await UserRepository(db: req.db).find(email: account)
        // Always run bcrypt, so an unknown email takes as long as a wrong password.
        let matches = try await req.password.async.verify(form.password ?? "", created: user?.passwordHash ?? SecretToken.unmatchableHash)
        guard matches, let user, user.passwordHash != nil, !user.isDisabled else {
            try await failures.record(account: account, clientAddress: address, now: now,
                                      forgetBefore: now.addingTimeInterval(-config.loginThrottle.window))
            page.error = "The email or password is not right, or the account is not active."
            return page.render(try await req.chrome(nil)).response(status: .unauthorized)
        }
        try await failures.clear(account: account)
        let response = req.redirect(to: safeNext(form.next))
        try await startSession(for: user, on: req, response: response)
        return response
    }

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

    /// Only a path on this site: never `//other.site` or a full URL (no open redirect).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
              !next.contains(where: { $0.isNewline }) else { return SiteURL.home.path }
        return next
    }

    private static func basePage(_ req: Request) async throws -> LoginPage {
        let config = req.application.backbone
        var page = LoginPage()
        page.demoPassword = config.demo ? config.demoPassword : nil
        page.setupAvailable = try await UserRepository(db: req.db).count() == 0
        return page
    }
}
