import BackboneDomain
import BackbonePersistence
import Vapor

/// The signed-in person's password and API tokens.
enum AccountController {
    struct PasswordForm: Content {
        var currentPassword: String?
        var newPassword: String?
        var newPasswordConfirmation: String?
        /// The checkbox, ticked by default: a browser sends it only when it is ticked.
        var revokeAccess: String?
    }

    struct TokenForm: Content {
        var name: String?
    }

    struct ProfileForm: Content {
        var displayName: String?
        var language: String?
        var timeZone: String?
    }

    /// GET /account
    @Sendable static func show(req: Request) async throws -> Response {
        try await page(req).render(try await req.chrome(.account)).response()
    }

    /// GET /account/session: answers 204 to a signed-in browser (the "Stay signed in" button).
    @Sendable static func keepAlive(req: Request) async throws -> Response {
        // Reaching here through the session middleware is what keeps the session going.
        Response(status: .noContent)
    }

    /// POST /account/password: needs the current password; signs out the other sessions.
    @Sendable static func changePassword(req: Request) async throws -> Response {
        let signedIn = try req.requireSignedIn()
        let form = try req.content.decode(PasswordForm.self)
        var errors = FieldErrors()
        let current = signedIn.user.passwordHash ?? SecretToken.unmatchableHash
        if try await !req.password.async.verify(form.currentPassword ?? "", created: current) {
            errors.add("currentPassword", Texts.current("error.notYourCurrentPassword"))
        }
        SetupController.passwordErrors(password: form.newPassword ?? "", confirmation: form.newPasswordConfirmation ?? "",
                                       field: "newPassword", into: &errors)
        guard errors.isEmpty else {
            var page = try await page(req)
            page.passwordErrors = errors.messages
            return page.render(try await req.chrome(.account)).response(status: .unprocessableEntity)
        }
        let hash = try await req.password.async.hash(form.newPassword ?? "")
        try await UserRepository(db: req.db).changePassword(userID: signedIn.user.requireID(), newHash: hash,
                                                            keepingSession: signedIn.session?.id, revokingAccess: form.revokeAccess != nil, now: Date())
        return req.redirect(to: Notice.passwordChanged.appended(to: SiteURL.account.path))
    }

    /// POST /account/profile: name, language and time zone.
    @Sendable static func saveProfile(req: Request) async throws -> Response {
        let user = try req.requireSignedIn().user
        let form = try req.content.decode(ProfileForm.self)
        let draft = ProfileDraft(displayName: form.displayName ?? "", language: form.language ?? "", timeZone: form.timeZone ?? "")
        do {
            try await UserRepository(db: req.db).updateProfile(user, with: draft)
        } catch let errors as FieldErrors {
            var page = try await page(req)
            page.profile = draft
            page.profileErrors = errors.messages
            return page.render(try await req.chrome(.account)).response(status: .unprocessableEntity)
        }
        // Pages in the chosen language from the next one on, this one included.
        let language = user.language.flatMap(SiteLanguage.init(rawValue:))
        return SiteLanguage.$current.withValue(language ?? SiteLanguage.current) {
            let response = req.redirect(to: Notice.profileSaved.appended(to: SiteURL.account.path))
            if let language { LanguageController.remember(language, in: response, for: req) }
            return response
        }
    }

    /// POST /account/tokens: creates a token and shows it once.
    @Sendable static func createToken(req: Request) async throws -> Response {
        let user = try req.requireSignedIn().user
        let name = (try req.content.decode(TokenForm.self).name ?? "").trimmed
        var page = try await page(req)
        guard !name.isEmpty, name.count <= 80 else {
            page.tokenName = name
            page.tokenError = name.isEmpty ? Texts.current("error.giveTokenNameSo") : Texts.current("error.useMostCharacters2")
            return page.render(try await req.chrome(.account)).response(status: .unprocessableEntity)
        }
        let token = APITokens.issue()
        try await CredentialRepository(db: req.db).createToken(
            APITokenModel(userID: user.requireID(), name: name, tokenHash: token.hash, prefix: token.prefix, createdAt: Date()))
        page = try await self.page(req)
        page.newToken = token.secret
        return page.render(try await req.chrome(.account)).response(status: .created)
    }

    /// POST /account/tokens/:id/revoke
    @Sendable static func revokeToken(req: Request) async throws -> Response {
        let user = try req.requireSignedIn().user
        let revoked = try await CredentialRepository(db: req.db).revokeToken(id: req.uuidParameter("id"), userID: user.requireID(), now: Date())
        guard revoked else { throw Abort(.notFound) }
        return req.redirect(to: Notice.tokenRevoked.appended(to: SiteURL.account.path))
    }

    private static func page(_ req: Request) async throws -> AccountPage {
        let user = try req.requireSignedIn().user
        let tokens = try await CredentialRepository(db: req.db).tokens(userID: user.requireID())
        return AccountPage(user: user, tokens: tokens, notice: Notice.from(req))
    }
}

/// Personal API tokens: `bb_` and 43 random characters.
public enum APITokens {
    public struct Issued: Sendable {
        public let secret: String
        public let hash: String
        public let prefix: String
    }

    public static func issue() -> Issued {
        let secret = SecretToken.generate(prefix: "bb_")
        return Issued(secret: secret, hash: SecretToken.digest(secret), prefix: String(secret.prefix(9)))
    }
}
