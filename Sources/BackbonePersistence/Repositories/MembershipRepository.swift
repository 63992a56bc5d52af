import BackboneDomain
import Fluent
import Foundation

/// A member as listed on the people page and in the API.
public struct MemberListing: Sendable {
    public let membership: MembershipModel
    public let user: UserModel
    public let organization: OrganizationModel
}

/// Memberships of one initiative. Every query is filtered by the scope.
public struct MembershipRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    private var scoped: QueryBuilder<MembershipModel> {
        MembershipModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
    }

    public func count() async throws -> Int { try await scoped.count() }

    /// The people who send `organizationID`'s reports: those told when one is returned or late.
    public func dataStewards(of organizationID: UUID) async throws -> [UUID] {
        try await scoped.filter(\.$organizationID == organizationID).all().filter { $0.parsedRole == .partnerDataSteward }.map(\.userID)
    }

    public func find(id: UUID) async throws -> MembershipModel? {
        try await scoped.filter(\.$id == id).first()
    }

    /// Everyone in the initiative with their account and organization, by role then name.
    public func listing() async throws -> [MemberListing] {
        let memberships = try await scoped.all()
        let userIDs = Set(memberships.map(\.userID))
        let users = try await UserModel.query(on: db).filter(\.$id ~~ userIDs).all()
        let organizations = try await OrganizationModel.query(on: db)
            .filter(\.$initiativeID == scope.initiativeID).all()
        let usersByID = Dictionary(uniqueKeysWithValues: users.compactMap { u in u.id.map { ($0, u) } })
        let orgsByID = Dictionary(uniqueKeysWithValues: organizations.compactMap { o in o.id.map { ($0, o) } })
        return memberships.compactMap { m in
            guard let user = usersByID[m.userID], let org = orgsByID[m.organizationID] else { return nil }
            return MemberListing(membership: m, user: user, organization: org)
        }.sorted {
            ($0.membership.parsedRole, $0.user.displayName) < ($1.membership.parsedRole, $1.user.displayName)
        }
    }

    /// Adds `userID` to the initiative. The organization must belong to the same initiative.
    public func add(userID: UUID, organizationID: UUID, role: Role, now: Date) async throws -> MembershipModel {
        guard try await OrganizationRepository(db: db, scope: scope).find(id: organizationID) != nil else {
            throw FieldErrors("organizationID", Texts.current("error.chooseOrganizationFromList"))
        }
        if try await scoped.filter(\.$userID == userID).first() != nil {
            throw FieldErrors.conflict("email", Texts.current("error.personAlreadyMemberInitiative"))
        }
        let membership = MembershipModel(userID: userID, initiativeID: scope.initiativeID,
                                         organizationID: organizationID, role: role, createdAt: now)
        try await membership.create(on: db)
        return membership
    }

    public func changeRole(_ membership: MembershipModel, to role: Role) async throws {
        precondition(membership.initiativeID == scope.initiativeID, "membership outside scope")
        membership.role = role.rawValue
        try await membership.update(on: db)
    }

    public func remove(_ membership: MembershipModel) async throws {
        precondition(membership.initiativeID == scope.initiativeID, "membership outside scope")
        try await membership.delete(on: db)
    }

    /// Backbone admins left if `membership` changed role or left; an initiative must keep one.
    public func backboneAdminsExcluding(_ membership: MembershipModel) async throws -> Int {
        try await scoped.filter(\.$role == Role.backboneAdmin.rawValue)
            .filter(\.$id != membership.requireID()).count()
    }
}
