import BackboneDomain
import Fluent
import Foundation

/// Initiatives, and which of them a user may enter.
public struct InitiativeRepository: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    public func find(slug: String) async throws -> InitiativeModel? {
        try await InitiativeModel.query(on: db).filter(\.$slug == slug).first()
    }

    public func find(id: UUID) async throws -> InitiativeModel? {
        try await InitiativeModel.find(id, on: db)
    }

    public func all() async throws -> [InitiativeModel] {
        try await InitiativeModel.query(on: db).sort(\.$name).all()
    }

    /// The initiatives a user can switch between: all of them for a platform administrator,
    /// otherwise those of their memberships.
    public func visible(to user: UserModel) async throws -> [InitiativeModel] {
        if user.isPlatformAdmin { return try await all() }
        let ids = try await MembershipModel.query(on: db)
            .filter(\.$userID == user.requireID()).all(\.$initiativeID)
        guard !ids.isEmpty else { return [] }
        return try await InitiativeModel.query(on: db).filter(\.$id ~~ ids).sort(\.$name).all()
    }

    /// The caller's membership in an initiative, if any.
    public func membership(userID: UUID, initiativeID: UUID) async throws -> MembershipModel? {
        try await MembershipModel.query(on: db)
            .filter(\.$userID == userID).filter(\.$initiativeID == initiativeID).first()
    }

    /// Creates the initiative; a taken slug is reported as a field error.
    public func create(_ draft: InitiativeDraft, now: Date) async throws -> InitiativeModel {
        try draft.validate()
        if try await find(slug: draft.slug) != nil {
            throw FieldErrors.conflict("slug", Texts.current("error.anotherInitiativeAlreadyUses"))
        }
        let initiative = InitiativeModel(slug: draft.slug, name: draft.name, place: draft.place,
                                         problemStatement: draft.problemStatement, createdAt: now)
        initiative.timeZone = draft.timeZone
        try await initiative.create(on: db)
        return initiative
    }
}
