import BackboneDomain
import BackbonePersistence
import Vapor

/// Platform administration: all accounts, disable and enable.
enum AdminController {
    /// GET /admin/users
    @Sendable static func users(req: Request) async throws -> Response {
        try InitiativeController.requirePlatformAdmin(req)
        let users = try await UserRepository(db: req.db).all()
        return AdminUsersPage(users: users, currentUserID: req.signedIn?.user.id, notice: Notice.from(req))
            .render(try await req.chrome(.admin)).response()
    }

    /// POST /admin/users/:id/disable
    @Sendable static func disable(req: Request) async throws -> Response {
        try await setDisabled(req, true)
    }

    /// POST /admin/users/:id/enable
    @Sendable static func enable(req: Request) async throws -> Response {
        try await setDisabled(req, false)
    }

    private static func setDisabled(_ req: Request, _ disabled: Bool) async throws -> Response {
        try InitiativeController.requirePlatformAdmin(req)
        let id = try req.uuidParameter("id")
        guard try await UserRepository(db: req.db).find(id: id) != nil else { throw Abort(.notFound) }
        guard id != req.signedIn?.user.id else {
            throw Abort(.forbidden, reason: Texts.current("error.youCannotDisableYour"))
        }
        try await UserRepository(db: req.db).setDisabled(userID: id, disabled, now: Date())
        return req.redirect(to: (disabled ? Notice.userDisabled : .userEnabled).appended(to: SiteURL.adminUsers.path))
    }
}
