import BackboneDomain
import BackbonePersistence
import Vapor

/// First run: creates the platform administrator while no account exists; afterwards the
/// page does not exist (404).
enum SetupController {
    struct SetupForm: Content {
        var displayName: String?
        var email: String?
        var password: String?
        var passwordConfirmation: String?
    }

    /// GET /setup
    @Sendable static func show(req: Request) async throws -> Response {
        try await requireFirstRun(req)
        return SetupPage().render(try await req.chrome(nil)).response()
    }

    /// POST /setup
    @Sendable static func submit(req: Request) async throws -> Response {
        try await requireFirstRun(req)
        let form = try req.content.decode(SetupForm.self)
        var page = SetupPage(email: (form.email ?? "").trimmed, displayName: (form.displayName ?? "").trimmed)
        let errors = newAccountErrors(displayName: page.displayName, email: page.email,
                                      password: form.password ?? "", confirmation: form.passwordConfirmation ?? "")
        guard errors.isEmpty, let email = EmailAddress(page.email) else {
            page.errors = errors.messages
            return page.render(try await req.chrome(nil)).response(status: .unprocessableEntity)
        }
        let hash = try await req.password.async.hash(form.password ?? "")
        let user = UserModel(email: email.value, displayName: page.displayName, passwordHash: hash,
                             isPlatformAdmin: true, createdAt: Date())
        guard try await UserRepository(db: req.db).createFirstAccount(user) else { throw Abort(.notFound) }
        let response = req.redirect(to: SiteURL.initiatives.path)
        try await SessionController.startSession(for: user, on: req, response: response)
        return response
    }

    private static func requireFirstRun(_ req: Request) async throws {
        if try await UserRepository(db: req.db).count() > 0 { throw Abort(.notFound) }
    }

    /// The checks shared by every form that creates an account with a password.
    static func newAccountErrors(displayName: String, email: String, password: String, confirmation: String) -> FieldErrors {
        var errors = FieldErrors()
        if displayName.isEmpty { errors.add("displayName", Texts.current("error.enterYourName")) }
        else if displayName.count > 120 { errors.add("displayName", Texts.current("error.useMostCharacters")) }
        if EmailAddress(email) == nil { errors.add("email", Texts.current("error.enterEmailAddressSuch")) }
        passwordErrors(password: password, confirmation: confirmation, field: "password", into: &errors)
        return errors
    }

    static func passwordErrors(password: String, confirmation: String, field: String, into errors: inout FieldErrors) {
        if let problem = PasswordPolicy.problem(with: password) { errors.add(field, problem) }
        else if password != confirmation { errors.add("\(field)Confirmation", Texts.current("error.twoPasswordsAreNot")) }
    }
}
