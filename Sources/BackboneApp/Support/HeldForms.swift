import BackboneDomain
import BackbonePersistence
import Vapor

/// What a person typed into a form whose session ran out (two hours idle) is not lost: the post
/// is held under a one-time key for its author, sign-in comes next, and then a page gives the
/// typed values back, ready to be sent again. Sending them again goes through the form's own
/// checks, revision included, so nothing saved meanwhile by someone else is overwritten.
enum HeldForms {
    /// The sign-in form's field and the login page's query item that carry the key.
    static let keyField = "held"

    /// Holds the post and sends its author to sign in; a post that cannot be held (a file
    /// upload, or sign-in's own forms) is refused as before.
    static func hold(_ req: Request, from session: SessionModel) async throws -> Response {
        let path = req.url.path
        guard req.headers.contentType == .urlEncodedForm, let body = req.body.string, isHoldable(path) else {
            throw Abort(.forbidden, reason: Texts.current("error.yourSessionEndedSo"))
        }
        let fields = fields(of: body).filter { $0[0] != CSRFMiddleware.fieldName }
        let key = SecretToken.generate()
        try await HeldFormRepository(db: req.db).hold(HeldForm(path: path, fields: fields), userID: session.userID,
                                                      keyHash: SecretToken.digest(key), now: Date())
        var components = URLComponents()
        components.path = SiteURL.login.path
        components.queryItems = [URLQueryItem(name: "next", value: path), URLQueryItem(name: keyField, value: key)]
        return req.redirect(to: components.string ?? SiteURL.login.path)
    }

    /// Pages' own forms; never sign-in, sign-out, setup or password links.
    static func isHoldable(_ path: String) -> Bool {
        LocalPath.checked(path) != nil && ["/i/", "/account/", "/notifications/", "/admin/", "/initiatives"].contains { path.hasPrefix($0) }
    }

    /// The pairs of an `application/x-www-form-urlencoded` body, in order.
    static func fields(of body: String) -> [[String]] {
        body.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { part in
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            return [parts[0], parts.count > 1 ? parts[1] : ""]
        }
    }
}

/// GET /account/held/:key: the typed values, back after sign-in.
enum HeldFormController {
    @Sendable static func show(req: Request) async throws -> Response {
        let user = try req.requireSignedIn().user
        guard let key = req.parameters.get("key"),
              let form = try await HeldFormRepository(db: req.db).take(keyHash: SecretToken.digest(key), userID: user.requireID(), now: Date()),
              let path = LocalPath.checked(form.path)
        else {
            return ErrorPage(status: .notFound, message: Texts(req.language)("error.heldGone"), signedIn: req.signedIn, language: req.language)
                .response(status: .notFound)
        }
        return HeldFormPage(form: HeldForm(path: path, fields: form.fields)).render(try await req.chrome(nil)).response()
    }
}
