import BackboneDomain
import BackbonePersistence
import Vapor

/// The partner directory: list, detail, add and edit.
enum PartnerController {
    struct PartnerForm: Content {
        var name: String?
        var sector: String?
        var website: String?
        var description: String?

        var draft: OrganizationDraft {
            OrganizationDraft(name: name ?? "", sector: sector ?? "", website: website ?? "", description: description ?? "")
        }
    }

    /// GET /i/:slug/partners
    @Sendable static func list(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewPartners)
        let repository = OrganizationRepository(db: req.db, scope: access.scope)
        let filter = PartnersPage.Filter(sector: (try? req.query.get(String.self, at: "sector")).flatMap(Sector.init(rawValue:)),
                                         name: String(((try? req.query.get(String.self, at: "name")) ?? "").trimmed.prefix(100)))
        return PartnersPage(access: access, organizations: try await repository.all(), filter: filter,
                            memberCounts: try await repository.memberCounts(), notice: Notice.from(req))
            .render(try await req.chrome(.partners, access: access)).response()
    }

    /// GET /i/:slug/partners/:id
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewPartners)
        let organization = try await find(req, access)
        let members = access.can(.viewPeople)
            ? try await MembershipRepository(db: req.db, scope: access.scope).listing().filter { $0.organization.id == organization.id }
            : []
        let strategies = Dictionary(uniqueKeysWithValues: try await TheoryOfChangeRepository(db: req.db, scope: access.scope).snapshot().nodes.map { ($0.id!, $0.title) })
        let activities = try await ActivityRepository(db: req.db, scope: access.scope).all(organizationID: organization.requireID())
        let consent = try await PublishingRepository(db: req.db, scope: access.scope).consents()[organization.requireID()]
        return PartnerPage(access: access, organization: organization, members: members,
                           activities: activities.map { ($0, strategies[$0.strategyID] ?? "") }, consent: consent, notice: Notice.from(req))
            .render(try await req.chrome(.partners, access: access)).response()
    }

    /// GET /i/:slug/partners/new
    @Sendable static func new(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.createPartner)
        return PartnerFormPage(access: access, organizationID: nil, draft: OrganizationDraft(name: "", sector: ""))
            .render(try await req.chrome(.partners, access: access)).response()
    }

    /// POST /i/:slug/partners
    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.createPartner)
        let draft = try req.content.decode(PartnerForm.self).draft
        do {
            let organization = try await OrganizationRepository(db: req.db, scope: access.scope).create(draft, now: Date())
            return req.redirect(to: Notice.partnerCreated.appended(to: SiteURL.partner(slug: access.slug, id: organization.id!).path))
        } catch let errors as FieldErrors {
            return PartnerFormPage(access: access, organizationID: nil, draft: draft, errors: errors.messages)
                .render(try await req.chrome(.partners, access: access)).response(status: .unprocessableEntity)
        }
    }

    /// GET /i/:slug/partners/:id/edit
    @Sendable static func edit(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let organization = try await find(req, access)
        try requireEdit(access, organization)
        let draft = OrganizationDraft(name: organization.name, sector: organization.sector,
                                      website: organization.website, description: organization.description)
        return PartnerFormPage(access: access, organizationID: organization.id, draft: draft)
            .render(try await req.chrome(.partners, access: access)).response()
    }

    /// POST /i/:slug/partners/:id
    @Sendable static func update(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let organization = try await find(req, access)
        try requireEdit(access, organization)
        let draft = try req.content.decode(PartnerForm.self).draft
        do {
            try await OrganizationRepository(db: req.db, scope: access.scope).update(organization, with: draft)
            return req.redirect(to: Notice.partnerSaved.appended(to: SiteURL.partner(slug: access.slug, id: organization.id!).path))
        } catch let errors as FieldErrors {
            return PartnerFormPage(access: access, organizationID: organization.id, draft: draft, errors: errors.messages)
                .render(try await req.chrome(.partners, access: access)).response(status: .unprocessableEntity)
        }
    }

    private static func find(_ req: Request, _ access: InitiativeAccess) async throws -> OrganizationModel {
        let id = try req.uuidParameter("id")
        guard let organization = try await OrganizationRepository(db: req.db, scope: access.scope).find(id: id) else {
            throw Abort(.notFound)
        }
        return organization
    }

    private static func requireEdit(_ access: InitiativeAccess, _ organization: OrganizationModel) throws {
        guard access.canEdit(organizationID: organization.id!) else {
            throw Abort(.forbidden, reason: Texts.current("error.yourRoleDoesNot", ["role": "\(access.role.title)"]))
        }
    }
}
