import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// The impact reports of one initiative: drafts the backbone edits, and released reports that
/// never change again (except for being superseded, and their share link).
public struct ImpactReportRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    /// Newest first: released reports by release, then drafts by creation.
    public func all(includeDrafts: Bool) async throws -> [ImpactReportModel] {
        let query = ImpactReportModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
        if !includeDrafts { query.filter(\.$status == ImpactReportStatus.released.rawValue) }
        return try await query.sort(\.$createdAt, .descending).all()
            .sorted { ($0.releasedAt ?? .distantFuture, $0.toPeriod, $0.createdAt) > ($1.releasedAt ?? .distantFuture, $1.toPeriod, $1.createdAt) }
    }

    /// The newest released report that no later one supersedes (for the home page).
    public func latestReleased() async throws -> ImpactReportModel? {
        try await ImpactReportModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .filter(\.$status == ImpactReportStatus.released.rawValue).filter(\.$supersededBy == nil)
            .sort(\.$releasedAt, .descending).sort(\.$toPeriod, .descending).sort(\.$createdAt, .descending).first()
    }

    public func find(_ id: UUID) async throws -> ImpactReportModel? {
        try await ImpactReportModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).first()
    }

    /// A released report by the digest of its share token, in whatever initiative it belongs to.
    public static func shared(db: any Database, tokenHash: String) async throws -> ImpactReportModel? {
        try await ImpactReportModel.query(on: db).filter(\.$shareTokenHash == tokenHash)
            .filter(\.$status == ImpactReportStatus.released.rawValue).first()
    }

    /// A new draft from a plan already validated.
    public func create(_ plan: ImpactReportPlan, userID: UUID?, now: Date) async throws -> ImpactReportModel {
        let report = ImpactReportModel()
        report.initiativeID = scope.initiativeID
        try apply(plan, to: report)
        report.status = ImpactReportStatus.draft.rawValue
        report.createdBy = userID
        report.createdAt = now
        report.updatedAt = now
        report.revision = 1
        try await report.create(on: db)
        return report
    }

    /// Saves a draft's plan; a released report or a stale revision is a conflict.
    public func update(_ report: ImpactReportModel, plan: ImpactReportPlan, expectedRevision: Revision, now: Date) async throws {
        let probe = ImpactReportModel()
        try apply(plan, to: probe)
        let updated = try await sql.update(ImpactReportModel.schema)
            .set("title", to: probe.title).set("audience", to: probe.audience).set("from_period", to: probe.fromPeriod)
            .set("to_period", to: probe.toPeriod).set("plan_json", to: probe.planJSON).set("updated_at", to: now)
            .set("revision", to: SQLRaw("revision + 1"))
            .where("id", .equal, try report.requireID()).where("initiative_id", .equal, scope.initiativeID)
            .where("status", .equal, ImpactReportStatus.draft.rawValue).where("revision", .equal, expectedRevision.value)
            .returning("revision").all()
        guard !updated.isEmpty else { throw try await conflict(report) }
    }

    /// Deletes a draft; a released report stays.
    public func deleteDraft(_ report: ImpactReportModel) async throws {
        let deleted = try await sql.delete(from: ImpactReportModel.schema)
            .where("id", .equal, try report.requireID()).where("initiative_id", .equal, scope.initiativeID)
            .where("status", .equal, ImpactReportStatus.draft.rawValue).returning("id").all()
        guard !deleted.isEmpty else { throw FieldErrors.conflict("status", Texts.current("error.impactAlreadyReleased")) }
    }

    /// Releases a draft: its content is composed inside the same transaction (so its numbers are
    /// the stored aggregates of that moment), stored whole, and a feed entry says so. With
    /// `supersedes`, that released report is marked as superseded by this one.
    public func release(_ report: ImpactReportModel, expectedRevision: Revision, supersedes: UUID?, userID: UUID?, path: String, now: Date,
                        compose: @escaping @Sendable (any Database) async throws -> ImpactReportContent) async throws {
        let id = try report.requireID()
        try await db.transaction { tx in
            let repository = ImpactReportRepository(db: tx, scope: scope)
            if let supersedes {
                guard supersedes != id, let older = try await repository.find(supersedes), older.parsedStatus == .released else {
                    throw FieldErrors("supersedes", Texts.current("error.impactSupersedes"))
                }
            }
            let content = try await compose(tx)
            let json = String(decoding: try ImpactReportCoding.encoder.encode(content), as: UTF8.self)
            let released = try await repository.sql.update(ImpactReportModel.schema)
                .set("status", to: ImpactReportStatus.released.rawValue).set("content_json", to: json).set("released_at", to: now)
                .set("released_by", to: userID).set("updated_at", to: now).set("revision", to: SQLRaw("revision + 1"))
                .where("id", .equal, id).where("initiative_id", .equal, scope.initiativeID)
                .where("status", .equal, ImpactReportStatus.draft.rawValue).where("revision", .equal, expectedRevision.value)
                .returning("revision").all()
            guard !released.isEmpty else { throw try await repository.conflict(report) }
            if let supersedes {
                try await repository.sql.update(ImpactReportModel.schema).set("superseded_by", to: id)
                    .where("id", .equal, supersedes).where("initiative_id", .equal, scope.initiativeID).run()
            }
            try await UpdateRepository(db: tx, scope: scope).record(.reportReleased, title: content.title, path: path, authorID: userID, now: now)
            try await WebhookRepository(db: tx, scope: scope).enqueue(.impactReportReleased, ReleasedEventData(impactReport: id, title: content.title,
                                                                                                               supersedes: supersedes), now: now)
        }
    }

    /// Stores the digest of a new share token for a released report (replacing any earlier link).
    public func share(_ report: ImpactReportModel, tokenHash: String) async throws {
        let shared = try await sql.update(ImpactReportModel.schema).set("share_token_hash", to: tokenHash)
            .where("id", .equal, try report.requireID()).where("initiative_id", .equal, scope.initiativeID)
            .where("status", .equal, ImpactReportStatus.released.rawValue).returning("id").all()
        guard !shared.isEmpty else { throw FieldErrors.conflict("status", Texts.current("error.impactShareDraft")) }
    }

    /// The share link stops working at once.
    public func revokeShare(_ report: ImpactReportModel) async throws {
        try await sql.update(ImpactReportModel.schema).set("share_token_hash", to: SQLLiteral.null)
            .where("id", .equal, try report.requireID()).where("initiative_id", .equal, scope.initiativeID).run()
    }

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    private func apply(_ plan: ImpactReportPlan, to report: ImpactReportModel) throws {
        report.title = plan.title
        report.audience = plan.audience.rawValue
        report.fromPeriod = plan.from
        report.toPeriod = plan.to
        report.planJSON = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
    }

    /// Why a write found nothing to change: released meanwhile, or edited by someone else.
    private func conflict(_ report: ImpactReportModel) async throws -> FieldErrors {
        let current = try await find(try report.requireID())
        if current?.parsedStatus == .released { return FieldErrors.conflict("status", Texts.current("error.impactAlreadyReleased")) }
        return FieldErrors.conflict("revision", Texts.current("error.someoneElseChangedWhile"))
    }
}

/// What a delivery says of a released impact report.
struct ReleasedEventData: Encodable, Sendable {
    let impactReport: UUID
    let title: String
    let supersedes: UUID?
}
