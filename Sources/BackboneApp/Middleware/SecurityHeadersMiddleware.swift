import Vapor

/// Headers that every response carries. The policy allows scripts and styles only from our own
/// origin (no inline code), and no framing except the public embeds, which set their own.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let contentSecurityPolicy = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// The public embeds (`/p/{slug}/embed/{code}`) exist to be framed by partners' websites.
    static let embedContentSecurityPolicy = contentSecurityPolicy.replacingOccurrences(of: "frame-ancestors 'none'", with: "frame-ancestors *")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = [
            ("Content-Security-Policy", Self.contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        // An embed keeps the policy its route set; everything else may never be framed.
        let isEmbed = response.headers.first(name: "Content-Security-Policy") == Self.embedContentSecurityPolicy
        for (name, value) in headers where !(isEmbed && (name == "Content-Security-Policy" || name == "X-Frame-Options")) {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        // Only the stylesheet may be cached; every other response can carry private data.
        if response.headers.first(name: .cacheControl) == nil {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}
