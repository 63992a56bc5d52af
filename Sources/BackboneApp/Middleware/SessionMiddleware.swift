import BackboneDomain
import BackbonePersistence
import Vapor

/// Finds the signed-in user from the session cookie. Expired sessions and sessions of disabled
/// users are deleted and the cookie cleared.
struct SessionAuthenticationMiddleware: AsyncMiddleware {
    static let cookieName = "bb_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var clearCookie = false
        if let token = request.cookies[Self.cookieName]?.string {
            clearCookie = true
            let sessions = SessionRepository(db: request.db)
            // Session and person in one read (a person's sessions go with them).
            if let (session, user) = try await sessions.findWithUser(tokenHash: SecretToken.digest(token)) {
                let now = Date()
                let policy = request.application.backbone.sessions
                if policy.isExpired(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now) || user.isDisabled {
                    try await sessions.delete(session)
                    // A form posted on a session that simply ran out is kept for its author.
                    if !user.isDisabled { request.endedSession = session }
                } else {
                    if policy.needsTouch(lastSeenAt: session.lastSeenAt, now: now) {
                        try await sessions.touch(session, now: now)
                    }
                    request.signedIn = SignedIn(user: user, session: session)
                    clearCookie = false
                }
            }
        }
        let response = try await next.respond(to: request)
        if clearCookie, response.cookies[Self.cookieName] == nil {
            response.cookies[Self.cookieName] = .expired
        }
        return response
    }
}

extension HTTPCookies.Value {
    static let expired = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0,
                                           path: "/", isHTTPOnly: true, sameSite: .lax)

    /// A cookie only our server reads, for the whole site.
    static func secret(_ value: String, secure: Bool, sameSite: HTTPCookies.SameSitePolicy) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: sameSite)
    }
}

/// Sends visitors who are not signed in to the login page, remembering where they were going.
struct RequireSignInMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.signedIn != nil else {
            let next = request.method == .GET ? request.url.path : SiteURL.home.path
            var components = URLComponents()
            components.path = SiteURL.login.path
            components.queryItems = [URLQueryItem(name: "next", value: next)]
            return request.redirect(to: components.string ?? SiteURL.login.path)
        }
        return try await next.respond(to: request)
    }
}
