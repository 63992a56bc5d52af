import BackboneDomain
import BackbonePersistence
import Vapor

/// Setting up governance through the API: bodies and their members, with the governance pages'
/// permissions and checks.
extension GovernanceAPI {
    struct NewBodyBody: StrictBody {
        let kind: String
        let name: String
        let purpose: String?
        let scope: String?
        let decisionRights: String?
        static let allowedFields: Set<String> = ["kind", "name", "purpose", "scope", "decisionRights"]
    }

    struct CreatedBodyDTO: Content {
        let id: UUID
        let kind: String
        let name: String
        let status: String
    }

    /// POST /api/v1/initiatives/:slug/working-groups: the steering committee or a working group.
    @Sendable static func createBody(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.editGovernance)
        let body = try req.decodeStrict(NewBodyBody.self)
        var errors = FieldErrors()
        errors.refuseNUL(["name": body.name, "purpose": body.purpose ?? "", "scope": body.scope ?? "", "decisionRights": body.decisionRights ?? ""])
        let kind = BodyKind(rawValue: body.kind)
        if kind == nil { errors.add("kind", Texts.current("error.chooseSteeringCommitteeWorking")) }
        try errors.throwIfAny()
        let created = try await GovernanceRepository(db: req.db, scope: access.scope).createBody(
            kind: kind!, name: body.name, charter: Charter(purpose: body.purpose ?? "", scope: body.scope ?? "", decisionRights: body.decisionRights ?? ""),
            userID: req.signedIn?.user.id, now: Date())
        return try await CreatedBodyDTO(id: try created.requireID(), kind: created.kind, name: created.name, status: created.parsedStatus.rawValue)
            .encodeResponse(status: .created, for: req)
    }

    struct NewMemberBody: StrictBody {
        let name: String?
        let organization: UUID
        let user: UUID?
        let role: String
        let termStart: String
        let termEnd: String?
        static let allowedFields: Set<String> = ["name", "organization", "user", "role", "termStart", "termEnd"]
    }

    /// POST /api/v1/initiatives/:slug/working-groups/:id/members: seats a person for a term.
    @Sendable static func addMember(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let id = try req.uuidParameter("id")
        let repository = GovernanceRepository(db: req.db, scope: access.scope)
        guard try await repository.body(id) != nil else { throw Abort(.notFound) }
        try await GovernanceRights.load(req, access).requireEdit(body: id)
        let body = try req.decodeStrict(NewMemberBody.self)
        var errors = FieldErrors()
        errors.refuseNUL(["name": body.name ?? "", "termStart": body.termStart, "termEnd": body.termEnd ?? ""])
        let role = BodyRole(rawValue: body.role)
        if role == nil { errors.add("role", Texts.current("error.choosePersonSRole")) }
        try errors.throwIfAny()
        let member = try await repository.addMember(to: id, .init(name: body.name ?? "", organizationID: body.organization, userID: body.user, role: role,
                                                                  termStart: body.termStart, termEnd: body.termEnd ?? ""))
        return try await MemberDTO(id: try member.requireID(), name: member.name, organizationID: member.organizationID, role: member.parsedRole.rawValue,
                                   termStart: member.termStart, termEnd: member.termEnd)
            .encodeResponse(status: .created, for: req)
    }
}
