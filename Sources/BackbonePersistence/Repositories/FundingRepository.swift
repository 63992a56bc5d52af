import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// An initiative's funding: funders' commitments, the needs the backbone states per strategy
/// and year, its own budget, and the map's settings.
public struct FundingRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// A commitment as typed in a form or sent to the API, before it is checked.
    public struct Input: Sendable {
        public var terms: CommitmentTerms
        public var funderID: UUID?
        public var restrictionID: UUID?
        public var indicatorIDs: [UUID]

        public init(terms: CommitmentTerms, funderID: UUID?, restrictionID: UUID?, indicatorIDs: [UUID]) {
            self.terms = terms
            self.funderID = funderID
            self.restrictionID = restrictionID
            self.indicatorIDs = indicatorIDs
        }
    }

    /// Every commitment (or one funder's), by first day, then title.
    public func commitments(funderID: UUID? = nil) async throws -> [FundingCommitmentModel] {
        let query = FundingCommitmentModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
        if let funderID { query.filter(\.$funderID == funderID) }
        return try await query.sort(\.$startsOn).sort(\.$title).all()
    }

    public func find(_ id: UUID) async throws -> FundingCommitmentModel? {
        try await FundingCommitmentModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).first()
    }

    /// Indicator ids by commitment id.
    public func indicators(of commitments: [FundingCommitmentModel]) async throws -> [UUID: [UUID]] {
        let ids = commitments.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        return Dictionary(grouping: try await FundingCommitmentIndicatorModel.query(on: db).filter(\.$commitmentID ~~ ids).all(), by: \.commitmentID)
            .mapValues { $0.map(\.indicatorID) }
    }

    @discardableResult
    public func create(_ input: Input, userID: UUID?, now: Date) async throws -> FundingCommitmentModel {
        let checked = try await check(input)
        let count = try await FundingCommitmentModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).count()
        guard count < FundingLimits.commitmentsPerInitiative else {
            throw FieldErrors("title", Texts.current("error.tooManyCommitments", ["limit": "\(FundingLimits.commitmentsPerInitiative)"]))
        }
        let commitment = FundingCommitmentModel()
        commitment.initiativeID = scope.initiativeID
        commitment.revision = 1
        fill(commitment, input, checked, userID: userID, now: now)
        try await db.transaction { tx in
            try await commitment.create(on: tx)
            try await Self.link(commitment: commitment.requireID(), to: input.indicatorIDs, on: tx)
        }
        return commitment
    }

    /// Replaces the commitment's fields when nobody changed it since `expectedRevision`.
    public func update(_ id: UUID, _ input: Input, expectedRevision: Revision, userID: UUID?, now: Date) async throws -> FundingCommitmentModel {
        guard let commitment = try await find(id) else { throw FieldErrors("commitment", Texts.current("error.noSuchCommitment")) }
        let checked = try await check(input)
        fill(commitment, input, checked, userID: userID, now: now)
        try await db.transaction { tx in
            let updated = try await (tx as! any SQLDatabase).update(FundingCommitmentModel.schema)
                .set("funder_id", to: commitment.funderID).set("title", to: commitment.title).set("kind", to: commitment.kind)
                .set("status", to: commitment.status).set("currency", to: commitment.currency).set("amount_minor", to: commitment.amountMinor)
                .set("starts_on", to: commitment.startsOn).set("ends_on", to: commitment.endsOn)
                .set("restriction_kind", to: commitment.restrictionKind).set("restriction_id", to: commitment.restrictionID)
                .set("note", to: commitment.note).set("revision", to: SQLRaw("revision + 1"))
                .set("updated_by", to: userID).set("updated_at", to: now)
                .where("id", .equal, id).where("initiative_id", .equal, scope.initiativeID).where("revision", .equal, expectedRevision.value)
                .returning("revision").all()
            guard let row = updated.first else { throw FieldErrors.conflict("revision", GovernanceRepository.staleMessage) }
            commitment.revision = try row.decode(column: "revision", as: Int.self)
            try await FundingCommitmentIndicatorModel.query(on: tx).filter(\.$commitmentID == id).delete()
            try await Self.link(commitment: id, to: input.indicatorIDs, on: tx)
        }
        return commitment
    }

    /// Every rule at once, so a form shows all problems together; nothing is written on failure.
    private func check(_ input: Input) async throws -> CommitmentTerms.Checked {
        var errors = FieldErrors()
        var checked: CommitmentTerms.Checked?
        do { checked = try input.terms.checked() } catch let problems as FieldErrors { errors = problems }
        if let funderID = input.funderID {
            if try await OrganizationModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == funderID).first() == nil {
                errors.add("funder", Texts.current("error.chooseFunder"))
            }
        } else {
            errors.add("funder", Texts.current("error.chooseFunder"))
        }
        if let kind = RestrictionKind(rawValue: input.terms.restriction) {
            var known = false
            if let target = input.restrictionID { known = try await exists(target, as: kind) }
            if kind.needsTarget, !known { errors.add("restriction", Texts.current("error.restrictionTarget.\(kind.rawValue)")) }
            if !kind.needsTarget, input.restrictionID != nil { errors.add("restriction", Texts.current("error.restrictionNoTarget")) }
        }
        if !input.indicatorIDs.isEmpty {
            let known = Set(try await IndicatorModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id ~~ input.indicatorIDs).all()
                .map { try $0.requireID() })
            if !Set(input.indicatorIDs).isSubset(of: known) { errors.add("indicators", Texts.current("error.chooseIndicatorsInitiativeOnly")) }
        }
        try errors.throwIfAny()
        return checked!
    }

    /// Whether `id` names a thing of this initiative of the restriction's kind.
    private func exists(_ id: UUID, as kind: RestrictionKind) async throws -> Bool {
        let initiative = scope.initiativeID
        switch kind {
        case .strategy:
            return try await ChangeNodeModel.query(on: db).filter(\.$initiativeID == initiative).filter(\.$id == id).first()?.parsedKind == .strategy
        case .workingGroup:
            return try await GovernanceBodyModel.query(on: db).filter(\.$initiativeID == initiative).filter(\.$id == id).first()?.parsedKind == .workingGroup
        case .activity:
            return try await ActivityModel.query(on: db).filter(\.$initiativeID == initiative).filter(\.$id == id).first() != nil
        case .partner:
            return try await OrganizationModel.query(on: db).filter(\.$initiativeID == initiative).filter(\.$id == id).first() != nil
        case .unrestricted, .backbone:
            return false
        }
    }

    private func fill(_ commitment: FundingCommitmentModel, _ input: Input, _ checked: CommitmentTerms.Checked, userID: UUID?, now: Date) {
        commitment.funderID = input.funderID!
        commitment.title = checked.title
        commitment.kind = checked.kind.rawValue
        commitment.status = checked.status.rawValue
        commitment.currency = checked.amount.currency.code
        commitment.amountMinor = checked.amount.minorUnits
        commitment.startsOn = checked.first.key
        commitment.endsOn = checked.last.key
        commitment.restrictionKind = checked.restriction.rawValue
        commitment.restrictionID = checked.restriction.needsTarget ? input.restrictionID : nil
        commitment.note = checked.note
        commitment.updatedBy = userID
        commitment.updatedAt = now
    }

    private static func link(commitment: UUID, to indicators: [UUID], on db: any Database) async throws {
        for indicator in Set(indicators) {
            let row = FundingCommitmentIndicatorModel()
            row.commitmentID = commitment
            row.indicatorID = indicator
            try await row.create(on: db)
        }
    }
}
