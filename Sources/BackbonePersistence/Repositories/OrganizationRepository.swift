import BackboneDomain
import Fluent
import Foundation

/// Partner organizations of one initiative. Every query is filtered by the scope.
public struct OrganizationRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    private var scoped: QueryBuilder<OrganizationModel> {
        OrganizationModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
    }

    public func all() async throws -> [OrganizationModel] {
        try await scoped.sort(\.$name).all()
    }

    /// Nil both for an unknown id and for an organization of another initiative.
    public func find(id: UUID) async throws -> OrganizationModel? {
        try await scoped.filter(\.$id == id).first()
    }

    public func create(_ draft: OrganizationDraft, now: Date) async throws -> OrganizationModel {
        try draft.validate()
        try await ensureNameFree(draft.name, except: nil)
        let organization = OrganizationModel(
            initiativeID: scope.initiativeID, name: draft.name, sector: draft.parsedSector!,
            isBackbone: false, website: draft.website, description: draft.description, createdAt: now)
        try await organization.create(on: db)
        return organization
    }

    public func update(_ organization: OrganizationModel, with draft: OrganizationDraft) async throws {
        precondition(organization.initiativeID == scope.initiativeID, "organization outside scope")
        try draft.validate()
        try await ensureNameFree(draft.name, except: organization.id)
        organization.name = draft.name
        organization.sector = draft.parsedSector!.rawValue
        organization.website = draft.website
        organization.description = draft.description
        try await organization.update(on: db)
    }

    /// Names are unique within an initiative, case-insensitively, so the directory has no
    /// look-alike duplicates.
    private func ensureNameFree(_ name: String, except id: UUID?) async throws {
        let lower = name.lowercased()
        let clash = try await scoped.all().contains { $0.name.lowercased() == lower && $0.id != id }
        if clash { throw FieldErrors.conflict("name", Texts.current("error.partnerWithNameAlready")) }
    }

    /// Members per organization, for the directory.
    public func memberCounts() async throws -> [UUID: Int] {
        let memberships = try await MembershipModel.query(on: db)
            .filter(\.$initiativeID == scope.initiativeID).all(\.$organizationID)
        return memberships.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }
}
