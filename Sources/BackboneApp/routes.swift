import Vapor

/// Every route, grouped by who may reach it.
func routes(_ app: Application) throws {
    // MARK: Operations and assets (no session)
    app.get("healthz", use: OperationsController.health)
    app.get("metrics", use: OperationsController.metrics)
    app.get("assets", "backbone.css", use: OperationsController.stylesheet)
    app.get("api", "openapi.yaml", use: OperationsController.openAPI)

    // MARK: Pages (session cookie + CSRF on every form)
    let pages = app.grouped(SessionAuthenticationMiddleware(), CSRFMiddleware())
    pages.get(use: InitiativeController.start)
    pages.get("login", use: SessionController.show)
    pages.post("login", use: SessionController.submit)
    pages.post("logout", use: SessionController.logout)
    pages.get("setup", use: SetupController.show)
    pages.post("setup", use: SetupController.submit)
    pages.get("set-password", ":token", use: SetPasswordController.show)
    pages.post("set-password", ":token", use: SetPasswordController.submit)

    let member = pages.grouped(RequireSignInMiddleware())
    member.get("account", use: AccountController.show)
    member.post("account", "password", use: AccountController.changePassword)
    member.post("account", "tokens", use: AccountController.createToken)
    member.post("account", "tokens", ":id", "revoke", use: AccountController.revokeToken)

    member.get("admin", "users", use: AdminController.users)
    member.post("admin", "users", ":id", "disable", use: AdminController.disable)
    member.post("admin", "users", ":id", "enable", use: AdminController.enable)

    member.get("initiatives", use: InitiativeController.list)
    member.get("initiatives", "new", use: InitiativeController.new)
    member.post("initiatives", use: InitiativeController.create)

    // Everything under /i/:slug resolves the caller's membership first (Request.initiativeAccess).
    let initiative = member.grouped("i", ":slug")
    initiative.get(use: InitiativeController.home)
    initiative.get("partners", use: PartnerController.list)
    initiative.get("partners", "new", use: PartnerController.new)
    initiative.post("partners", use: PartnerController.create)
    initiative.get("partners", ":id", use: PartnerController.show)
    initiative.get("partners", ":id", "edit", use: PartnerController.edit)
    initiative.post("partners", ":id", use: PartnerController.update)
    initiative.get("people", use: PeopleController.list)
    initiative.get("people", "invite", use: PeopleController.inviteForm)
    initiative.post("people", "invite", use: PeopleController.invite)
    initiative.post("people", ":id", "role", use: PeopleController.changeRole)
    initiative.post("people", ":id", "remove", use: PeopleController.remove)

    // MARK: JSON API (bearer tokens)
    let api = app.grouped("api", "v1").grouped(TokenAuthenticationMiddleware())
    api.get("me", use: APIController.me)
    api.get("initiatives", use: APIController.initiatives)
    api.post("initiatives", use: APIController.createInitiative)
    api.get("initiatives", ":slug", use: APIController.initiative)
    api.get("initiatives", ":slug", "organizations", use: APIController.organizations)
    api.post("initiatives", ":slug", "organizations", use: APIController.createOrganization)
    api.get("initiatives", ":slug", "organizations", ":id", use: APIController.organization)
    api.patch("initiatives", ":slug", "organizations", ":id", use: APIController.updateOrganization)
    api.get("initiatives", ":slug", "memberships", use: APIController.memberships)
}
