import BackboneDomain
import BackbonePersistence
import Vapor

extension Request {
    /// The language of this request's pages: the signed-in person's choice, else the one chosen
    /// with the footer's switch (a cookie), else the browser's (`Accept-Language`).
    var language: SiteLanguage {
        if let chosen = signedIn?.user.language.flatMap(SiteLanguage.init(rawValue:)) { return chosen }
        if let cookie = cookies[LanguageController.cookieName]?.string, let chosen = SiteLanguage(rawValue: cookie) { return chosen }
        return SiteLanguage.preferred(acceptLanguage: headers.first(name: .acceptLanguage) ?? "")
    }
}

/// The footer's language switch (and the account page's setting): a form, so it works without
/// JavaScript.
enum LanguageController {
    static let cookieName = "bb_lang"

    /// POST /language with `language` and `back` (the page to return to).
    @Sendable static func choose(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        guard let language = form["language"].flatMap(SiteLanguage.init(rawValue:)) else {
            throw Abort(.badRequest, reason: Texts.current("error.chooseOne", ["allCases": "\(SiteLanguage.allCases.map(\.rawValue).joined(separator: ", "))"]))
        }
        if let user = req.signedIn?.user {
            user.language = language.rawValue
            try await user.save(on: req.db)
        }
        let response = req.redirect(to: LocalPath.checked(form["back"]) ?? SiteURL.home.path)
        remember(language, in: response, for: req)
        return response
    }

    /// The cookie that keeps the choice for pages seen signed out (the sign-in page, errors).
    static func remember(_ language: SiteLanguage, in response: Response, for req: Request) {
        response.cookies[cookieName] = HTTPCookies.Value(string: language.rawValue, expires: Date().addingTimeInterval(365 * 86_400), path: "/",
                                                         isSecure: req.application.backbone.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }
}

/// Works out the request's language once the person is recognized, for everything the request
/// renders (see `SiteLanguage.current`).
struct LanguageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await SiteLanguage.$current.withValue(request.language) { try await next.respond(to: request) }
    }
}
