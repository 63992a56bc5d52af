import BackboneDomain
import BackbonePersistence
import Fluent
import Vapor

/// One-time links with which invited people (and admins created on the command line) choose
/// their password.
enum SetPasswordController {
    struct Form: Content {
        var password: String?
        var passwordConfirmation: String?
    }

    /// GET /set-password/:token
    @Sendable static func show(req: Request) async throws -> Response {
        let (token, user) = try await lookup(req)
        return SetPasswordPage(token: token, email: user?.email).render(try await req.chrome(nil))
            .response(status: user == nil ? .notFound : .ok)
    }

    /// POST /set-password/:token
    @Sendable static func submit(req: Request) async throws -> Response {
        let (token, user) = try await lookup(req)
        guard let user, let link = try await CredentialRepository(db: req.db)
            .usableSetupLink(hash: SecretToken.digest(token), now: Date())
        else { return SetPasswordPage(token: token, email: nil).render(try await req.chrome(nil)).response(status: .notFound) }
        let form = try req.content.decode(Form.self)
        var errors = FieldErrors()
        SetupController.passwordErrors(password: form.password ?? "", confirmation: form.passwordConfirmation ?? "",
                                       field: "password", into: &errors)
        guard errors.isEmpty else {
            return SetPasswordPage(token: token, email: user.email, errors: errors.messages)
                .render(try await req.chrome(nil)).response(status: .unprocessableEntity)
        }
        let hash = try await req.password.async.hash(form.password ?? "")
        guard try await CredentialRepository(db: req.db).completeSetup(link: link, passwordHash: hash, now: Date()) else {
            return SetPasswordPage(token: token, email: nil).render(try await req.chrome(nil)).response(status: .notFound)
        }
        return req.redirect(to: Notice.passwordSet.appended(to: SiteURL.login.path))
    }

    private static func lookup(_ req: Request) async throws -> (String, UserModel?) {
        let token = req.parameters.get("token") ?? ""
        guard let link = try await CredentialRepository(db: req.db).usableSetupLink(hash: SecretToken.digest(token), now: Date()),
              let user = try await UserRepository(db: req.db).find(id: link.userID), !user.isDisabled
        else { return (token, nil) }
        return (token, user)
    }

    /// Creates a link for `userID` and returns the token to put in it.
    static func issueLink(userID: UUID, on db: any Database, validFor: TimeInterval) async throws -> String {
        let token = SecretToken.generate()
        try await CredentialRepository(db: db).createSetupLink(
            PasswordSetupTokenModel(tokenHash: SecretToken.digest(token), userID: userID,
                                    expiresAt: Date().addingTimeInterval(validFor)))
        return token
    }
}
