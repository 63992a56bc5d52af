import BackboneDomain
import BackbonePersistence
import Fluent
import Vapor

/// People of an initiative: list, invite, change role, remove.
enum PeopleController {
    struct InviteForm: Content {
        var email: String?
        var displayName: String?
        var role: String?
        var organizationID: String?
    }

    struct RoleForm: Content {
        var role: String?
    }

    /// How long an invitation link works.
    static let invitationValidity: TimeInterval = 7 * 24 * 3600

    /// GET /i/:slug/people
    @Sendable static func list(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewPeople)
        return try await render(req, access, error: nil, status: .ok)
    }

    /// GET /i/:slug/people/invite
    @Sendable static func inviteForm(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageMemberships)
        let organizations = try await OrganizationRepository(db: req.db, scope: access.scope).all()
        return InvitePage(access: access, organizations: organizations)
            .render(try await req.chrome(.people, access: access)).response()
    }

    /// POST /i/:slug/people/invite: creates the account when needed, the membership, and a
    /// one-time link, all in one transaction.
    @Sendable static func invite(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageMemberships)
        let form = try req.content.decode(InviteForm.self)
        let draft = InvitationDraft(email: form.email ?? "", displayName: form.displayName ?? "",
                                    role: form.role ?? "", organizationID: form.organizationID ?? "")
        let organizations = try await OrganizationRepository(db: req.db, scope: access.scope).all()
        var page = InvitePage(access: access, organizations: organizations, draft: draft)
        do {
            try draft.validate()
            let email = EmailAddress(draft.email)!.value
            let token: String? = try await req.db.transaction { tx in
                var token: String?
                var user = try await UserRepository(db: tx).find(email: email)
                if user == nil {
                    let created = UserModel(email: email, displayName: draft.displayName, passwordHash: nil, createdAt: Date())
                    try await UserRepository(db: tx).create(created)
                    token = try await SetPasswordController.issueLink(userID: created.requireID(), on: tx, validFor: invitationValidity)
                    user = created
                }
                _ = try await MembershipRepository(db: tx, scope: access.scope).add(
                    userID: user!.requireID(), organizationID: UUID(uuidString: draft.organizationID)!,
                    role: Role(rawValue: draft.role)!, now: Date())
                return token
            }
            guard let token else {
                return req.redirect(to: Notice.memberAdded.appended(to: SiteURL.people(slug: access.slug).path))
            }
            page.setupLink = req.application.backbone.absoluteURL(SiteURL.setPassword(token: token).path, on: req.application)
            page.invitedName = draft.displayName
            page.draft = InvitationDraft(email: "", displayName: "", role: "", organizationID: "")
            return page.render(try await req.chrome(.people, access: access)).response(status: .created)
        } catch let errors as FieldErrors {
            page.errors = errors.messages
            return page.render(try await req.chrome(.people, access: access)).response(status: .unprocessableEntity)
        }
    }

    /// POST /i/:slug/people/:id/role
    @Sendable static func changeRole(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageMemberships)
        let membership = try await find(req, access)
        guard let role = Role(rawValue: try req.content.decode(RoleForm.self).role ?? "") else {
            return try await render(req, access, error: Texts.current("error.chooseRoleFromList"), status: .unprocessableEntity)
        }
        let repository = MembershipRepository(db: req.db, scope: access.scope)
        if membership.parsedRole == .backboneAdmin, role != .backboneAdmin,
           try await repository.backboneAdminsExcluding(membership) == 0 {
            return try await render(req, access, error: Texts.current("error.initiativeNeedsLeastOne"),
                                    status: .unprocessableEntity)
        }
        try await repository.changeRole(membership, to: role)
        return req.redirect(to: Notice.roleChanged.appended(to: SiteURL.people(slug: access.slug).path))
    }

    /// POST /i/:slug/people/:id/remove
    @Sendable static func remove(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageMemberships)
        let membership = try await find(req, access)
        let repository = MembershipRepository(db: req.db, scope: access.scope)
        if membership.parsedRole == .backboneAdmin, try await repository.backboneAdminsExcluding(membership) == 0 {
            return try await render(req, access, error: Texts.current("error.initiativeNeedsLeastOne"),
                                    status: .unprocessableEntity)
        }
        try await repository.remove(membership)
        return req.redirect(to: Notice.memberRemoved.appended(to: SiteURL.people(slug: access.slug).path))
    }

    private static func find(_ req: Request, _ access: InitiativeAccess) async throws -> MembershipModel {
        guard let membership = try await MembershipRepository(db: req.db, scope: access.scope).find(id: req.uuidParameter("id")) else {
            throw Abort(.notFound)
        }
        return membership
    }

    private static func render(_ req: Request, _ access: InitiativeAccess, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let members = try await MembershipRepository(db: req.db, scope: access.scope).listing()
        return PeoplePage(access: access, members: members, notice: Notice.from(req), error: error)
            .render(try await req.chrome(.people, access: access)).response(status: status)
    }
}
