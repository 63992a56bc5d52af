import BackboneDomain
import Vapor

/// Every POST from a page must echo the form token of its session (or, before sign-in, of the
/// `bb_csrf` cookie, which another site can neither read nor send thanks to SameSite=Strict).
struct CSRFMiddleware: AsyncMiddleware {
    static let cookieName = "bb_csrf"
    static let fieldName = "csrf_token"
    /// Forms are small; larger bodies are refused before they are read whole.
    static let maxFormBytes = 64 * 1024

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var newCookie: String?
        if let session = request.signedIn?.session {
            request.csrfToken = session.csrfToken
        } else if let cookie = request.cookies[Self.cookieName]?.string, cookie.count >= 40 {
            request.csrfToken = cookie
        } else {
            newCookie = SecretToken.generate()
            request.csrfToken = newCookie!
        }
        if request.method != .GET && request.method != .HEAD {
            // Upload routes allow what their own limit allows; every other form is small.
            _ = try await request.body.collect(max: UploadLimit.bytes(for: request)).get()
            let sent = (try? request.content.get(String.self, at: Self.fieldName)) ?? ""
            if let ended = request.endedSession, SecretToken.equal(sent, ended.csrfToken) {
                // The form is genuine, only its session ran out while it was being filled in.
                return try await HeldForms.hold(request, from: ended)
            }
            guard newCookie == nil, SecretToken.equal(sent, request.csrfToken) else {
                throw Abort(.forbidden, reason: Texts.current("error.formHasExpiredDid"))
            }
        }
        let response = try await next.respond(to: request)
        if let newCookie {
            response.cookies[Self.cookieName] = .secret(newCookie, secure: request.application.backbone.secureCookies, sameSite: .strict)
        }
        return response
    }
}
