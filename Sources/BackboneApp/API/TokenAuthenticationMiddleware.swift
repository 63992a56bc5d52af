import BackboneDomain
import BackbonePersistence
import Vapor

/// Authenticates API requests by a personal token sent as `Authorization: Bearer <token>`.
/// The API does not accept session cookies, so it needs no CSRF defence.
struct TokenAuthenticationMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization else { throw unauthorized }
        let credentials = CredentialRepository(db: request.db)
        guard let (token, user) = try await credentials.activeTokenWithUser(hash: SecretToken.digest(bearer.token)), !user.isDisabled
        else { throw unauthorized }
        let now = Date()
        // Record use at most once a minute, so reads stay reads.
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            try await credentials.markUsed(token, now: now)
        }
        request.signedIn = SignedIn(user: user, session: nil)
        return try await next.respond(to: request)
    }

    private var unauthorized: Abort {
        Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer"],
              reason: Texts.current("error.sendValidUnrevokedApi"))
    }
}
