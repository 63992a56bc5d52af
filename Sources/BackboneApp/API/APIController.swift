import BackboneDomain
import BackbonePersistence
import Vapor

/// `/api/v1`: the JSON API described by openapi.yaml.
enum APIController {
    struct InitiativeBody: StrictBody {
        let name: String
        let slug: String
        let place: String
        let problemStatement: String
        let timeZone: String?
        static let allowedFields: Set<String> = ["name", "slug", "place", "problemStatement", "timeZone"]
    }

    struct ProfileBody: StrictBody {
        let displayName: String?
        let language: String?
        let timeZone: String?
        static let allowedFields: Set<String> = ["displayName", "language", "timeZone"]
    }

    struct OrganizationBody: StrictBody {
        let name: String?
        let sector: String?
        let website: String?
        let description: String?
        static let allowedFields: Set<String> = ["name", "sector", "website", "description"]
    }

    /// GET /api/v1/me
    @Sendable static func me(req: Request) async throws -> UserDTO {
        let user = try req.requireSignedIn().user
        let initiatives = try await InitiativeRepository(db: req.db).visible(to: user)
        var memberships: [MyMembershipDTO] = []
        for initiative in initiatives {
            if let membership = try await InitiativeRepository(db: req.db).membership(userID: user.requireID(), initiativeID: initiative.requireID()) {
                memberships.append(MyMembershipDTO(initiativeSlug: initiative.slug, initiativeName: initiative.name,
                                                   organizationId: membership.organizationID, role: membership.role))
            }
        }
        return UserDTO(id: try user.requireID(), email: user.email, displayName: user.displayName, language: user.language, timeZone: user.timeZone,
                       isPlatformAdmin: user.isPlatformAdmin, memberships: memberships)
    }

    /// PATCH /api/v1/me: the owner's name, language and time zone; a field left out is kept,
    /// an empty language or zone means "not chosen".
    @Sendable static func updateMe(req: Request) async throws -> UserDTO {
        let user = try req.requireSignedIn().user
        let body = try req.decodeStrict(ProfileBody.self)
        let draft = ProfileDraft(displayName: body.displayName ?? user.displayName, language: body.language ?? user.language ?? "",
                                 timeZone: body.timeZone ?? user.timeZone ?? "")
        try await UserRepository(db: req.db).updateProfile(user, with: draft)
        return try await me(req: req)
    }

    /// GET /api/v1/initiatives
    @Sendable static func initiatives(req: Request) async throws -> ListDTO<InitiativeDTO> {
        let user = try req.requireSignedIn().user
        return ListDTO(items: try await InitiativeRepository(db: req.db).visible(to: user).map(InitiativeDTO.init))
    }

    /// POST /api/v1/initiatives (platform administrators)
    @Sendable static func createInitiative(req: Request) async throws -> Response {
        try InitiativeController.requirePlatformAdmin(req)
        let body = try req.decodeStrict(InitiativeBody.self)
        let draft = InitiativeDraft(name: body.name, slug: body.slug, place: body.place, problemStatement: body.problemStatement, timeZone: body.timeZone ?? "UTC")
        let initiative = try await InitiativeRepository(db: req.db).create(draft, now: Date())
        return try await InitiativeDTO(initiative).encodeResponse(status: .created, for: req)
    }

    /// GET /api/v1/initiatives/:slug
    @Sendable static func initiative(req: Request) async throws -> InitiativeDTO {
        let access = try await req.initiativeAccess()
        try access.require(.viewInitiative)
        return InitiativeDTO(access.initiative)
    }

    /// GET /api/v1/initiatives/:slug/organizations
    @Sendable static func organizations(req: Request) async throws -> ListDTO<OrganizationDTO> {
        let access = try await req.initiativeAccess()
        try access.require(.viewPartners)
        return ListDTO(items: try await OrganizationRepository(db: req.db, scope: access.scope).all().map(OrganizationDTO.init))
    }

    /// GET /api/v1/initiatives/:slug/organizations/:id
    @Sendable static func organization(req: Request) async throws -> OrganizationDTO {
        let access = try await req.initiativeAccess()
        try access.require(.viewPartners)
        return OrganizationDTO(try await findOrganization(req, access))
    }

    /// POST /api/v1/initiatives/:slug/organizations
    @Sendable static func createOrganization(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.createPartner)
        let body = try req.decodeStrict(OrganizationBody.self)
        let draft = OrganizationDraft(name: body.name ?? "", sector: body.sector ?? "", website: body.website ?? "",
                                      description: body.description ?? "")
        let organization = try await OrganizationRepository(db: req.db, scope: access.scope).create(draft, now: Date())
        return try await OrganizationDTO(organization).encodeResponse(status: .created, for: req)
    }

    /// PATCH /api/v1/initiatives/:slug/organizations/:id: fields left out keep their value.
    @Sendable static func updateOrganization(req: Request) async throws -> OrganizationDTO {
        let access = try await req.initiativeAccess()
        let organization = try await findOrganization(req, access)
        guard access.canEdit(organizationID: organization.id!) else {
            throw Abort(.forbidden, reason: Texts.current("error.yourRoleDoesNot", ["role": "\(access.role.title)"]))
        }
        let body = try req.decodeStrict(OrganizationBody.self)
        let draft = OrganizationDraft(name: body.name ?? organization.name, sector: body.sector ?? organization.sector,
                                      website: body.website ?? organization.website,
                                      description: body.description ?? organization.description)
        try await OrganizationRepository(db: req.db, scope: access.scope).update(organization, with: draft)
        return OrganizationDTO(organization)
    }

    /// GET /api/v1/initiatives/:slug/memberships
    @Sendable static func memberships(req: Request) async throws -> ListDTO<MembershipDTO> {
        let access = try await req.initiativeAccess()
        try access.require(.viewPeople)
        return ListDTO(items: try await MembershipRepository(db: req.db, scope: access.scope).listing().map(MembershipDTO.init))
    }

    private static func findOrganization(_ req: Request, _ access: InitiativeAccess) async throws -> OrganizationModel {
        guard let organization = try await OrganizationRepository(db: req.db, scope: access.scope).find(id: req.uuidParameter("id")) else {
            throw Abort(.notFound)
        }
        return organization
    }
}
