import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// The backbone's quarterly assessments of the working groups: judgements saved as a draft, then
/// shared whole (content frozen, a feed entry, an item on the next steering committee meeting).
public struct PeriodicAssessmentRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// Every periodic assessment (or only the shared ones), the latest quarter first.
    public func all(sharedOnly: Bool) async throws -> [PeriodicAssessmentModel] {
        var query = PeriodicAssessmentModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
        if sharedOnly { query = query.filter(\.$status == PeriodicAssessmentStatus.shared.rawValue) }
        return try await query.sort(\.$quarter, .descending).all()
    }

    public func find(quarter: String) async throws -> PeriodicAssessmentModel? {
        try await PeriodicAssessmentModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$quarter == quarter).first()
    }

    public func find(id: UUID) async throws -> PeriodicAssessmentModel? {
        try await PeriodicAssessmentModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).first()
    }

    /// Saves the judgements of a quarter still in draft. `expectedRevision` none: the first save.
    @discardableResult
    public func saveJudgements(quarter: String, _ judgements: [UUID: PeriodicAssessmentModel.StoredJudgement], expectedRevision: Revision,
                               now: Date) async throws -> PeriodicAssessmentModel {
        let json = try AssessmentRepository.json(Dictionary(uniqueKeysWithValues: judgements.map { ($0.key.uuidString, $0.value) }))
        return try await db.transaction { tx in
            let repository = PeriodicAssessmentRepository(db: tx, scope: scope)
            guard let existing = try await repository.find(quarter: quarter) else {
                guard expectedRevision == .none else { throw FieldErrors.conflict("revision", Texts.current("error.someoneElseChangedWhile")) }
                let row = PeriodicAssessmentModel()
                row.initiativeID = scope.initiativeID
                row.quarter = quarter
                row.status = PeriodicAssessmentStatus.draft.rawValue
                row.judgementsJSON = json
                row.updatedAt = now
                row.revision = 1
                do { try await row.create(on: tx) } catch let error as any DatabaseError where error.isConstraintFailure {
                    throw FieldErrors.conflict("revision", Texts.current("error.someoneElseChangedWhile"))
                }
                return row
            }
            guard existing.parsedStatus == .draft else { throw FieldErrors.conflict("status", Texts.current("error.periodicShared")) }
            let updated = try await repository.sql.update(PeriodicAssessmentModel.schema).set("judgements_json", to: json)
                .set("updated_at", to: now).set("revision", to: SQLRaw("revision + 1"))
                .where("id", .equal, try existing.requireID()).where("status", .equal, PeriodicAssessmentStatus.draft.rawValue)
                .where("revision", .equal, expectedRevision.value).returning("revision").all()
            guard let revision = try updated.first?.decode(column: "revision", as: Int.self) else {
                throw FieldErrors.conflict("revision", Texts.current("error.someoneElseChangedWhile"))
            }
            existing.judgementsJSON = json
            existing.revision = revision
            return existing
        }
    }

    /// Shares a draft with the steering committee: `compose` runs inside the transaction (so
    /// the frozen figures are those of that moment), then a feed entry and an agenda item on the
    /// steering committee's next meeting, if one is planned, point at it.
    public func share(_ assessment: PeriodicAssessmentModel, expectedRevision: Revision, userID: UUID?, path: String, title: String, now: Date,
                      compose: @escaping @Sendable (any Database) async throws -> PeriodicAssessmentContent) async throws {
        let id = try assessment.requireID()
        try await db.transaction { tx in
            let repository = PeriodicAssessmentRepository(db: tx, scope: scope)
            let content = try await compose(tx)
            let json = String(decoding: try ImpactReportCoding.encoder.encode(content), as: UTF8.self)
            let shared = try await repository.sql.update(PeriodicAssessmentModel.schema)
                .set("status", to: PeriodicAssessmentStatus.shared.rawValue).set("content_json", to: json).set("shared_at", to: now)
                .set("shared_by", to: userID).set("updated_at", to: now).set("revision", to: SQLRaw("revision + 1"))
                .where("id", .equal, id).where("initiative_id", .equal, scope.initiativeID)
                .where("status", .equal, PeriodicAssessmentStatus.draft.rawValue).where("revision", .equal, expectedRevision.value)
                .returning("revision").all()
            guard !shared.isEmpty else {
                let current = try await repository.find(id: id)
                throw FieldErrors.conflict("status", Texts.current(current?.parsedStatus == .shared ? "error.periodicShared" : "error.someoneElseChangedWhile"))
            }
            try await UpdateRepository(db: tx, scope: scope).record(.assessmentShared, title: title, path: path, authorID: userID, now: now)
            try await repository.addToNextSteeringMeeting(id: id, title: title, now: now)
        }
    }

    /// Puts the assessment on the agenda of the steering committee's next meeting (the first
    /// starting after `now`), last, with a quarter of an hour.
    private func addToNextSteeringMeeting(id: UUID, title: String, now: Date) async throws {
        let committees = try await GovernanceBodyModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .filter(\.$kind == BodyKind.steeringCommittee.rawValue).all().compactMap(\.id)
        guard !committees.isEmpty,
              let meeting = try await MeetingModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$bodyID ~~ committees)
                .filter(\.$startsAt > now).sort(\.$startsAt).first()
        else { return }
        try await MeetingRepository(db: db, scope: scope).addAgendaItem(to: try meeting.requireID(), title: title, presenter: "", minutes: "15",
                                                                        link: (.periodicAssessment, id))
    }

    /// The shared assessments' ids and quarters, for links from meetings.
    public func sharedTitles() async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await all(sharedOnly: true).map { ($0.id!, $0.quarter) })
    }
}
