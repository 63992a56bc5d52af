import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// An initiative's publishing choices and partners' consents to being named, each change
/// audited in the transaction that makes it.
public struct PublishingRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    /// The choices and their revision (0 and the defaults, public pages off, before any save).
    public func choices() async throws -> (choices: PublishingChoices, revision: Int) {
        guard let row = try await PublishingChoicesModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).first() else {
            return (PublishingChoices(), 0)
        }
        return (row.choices, row.revision)
    }

    /// Saves validated choices; someone else's save since `expectedRevision` is a conflict.
    @discardableResult
    public func save(_ choices: PublishingChoices, expectedRevision: Revision, userID: UUID?, now: Date) async throws -> Int {
        let json = String(decoding: try Self.encoder.encode(choices), as: UTF8.self)
        return try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            let revision: Int
            if expectedRevision == .none {
                let row = PublishingChoicesModel()
                row.initiativeID = scope.initiativeID
                row.choicesJSON = json
                row.revision = 1
                row.updatedAt = now
                row.updatedBy = userID
                // A second first save loses on the unique initiative: the same conflict as a stale revision.
                do { try await row.create(on: tx) } catch let error as any DatabaseError where error.isConstraintFailure {
                    throw FieldErrors.conflict("revision", Texts.current("error.someoneElseChangedWhile"))
                }
                revision = 1
            } else {
                let updated = try await sql.update(PublishingChoicesModel.schema)
                    .set("choices_json", to: json).set("updated_at", to: now).set("updated_by", to: userID)
                    .set("revision", to: SQLRaw("revision + 1"))
                    .where("initiative_id", .equal, scope.initiativeID).where("revision", .equal, expectedRevision.value)
                    .returning("revision").all()
                guard let row = updated.first else { throw FieldErrors.conflict("revision", Texts.current("error.someoneElseChangedWhile")) }
                revision = try row.decode(column: "revision", as: Int.self)
            }
            try await PublishingRepository(db: tx, scope: scope).audit("choices_saved", json, userID: userID, now: now)
            return revision
        }
    }

    /// Partners who agreed to be named, by organization.
    public func consents() async throws -> [UUID: PublicationConsentModel] {
        let rows = try await PublicationConsentModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).all()
        return Dictionary(rows.map { ($0.organizationID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Records a partner's consent given or withdrawn, with who recorded it and when.
    public func recordConsent(organizationID: UUID, given: Bool, userID: UUID?, now: Date) async throws {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            let updated = try await sql.update(PublicationConsentModel.schema)
                .set("given", to: given).set("recorded_at", to: now).set("recorded_by", to: userID)
                .where("initiative_id", .equal, scope.initiativeID).where("organization_id", .equal, organizationID)
                .returning("id").all()
            if updated.isEmpty {
                let row = PublicationConsentModel()
                row.initiativeID = scope.initiativeID
                row.organizationID = organizationID
                row.given = given
                row.recordedAt = now
                row.recordedBy = userID
                try await row.create(on: tx)
            }
            let detail = String(decoding: try Self.encoder.encode(["organization": organizationID.uuidString, "given": "\(given)"]), as: UTF8.self)
            try await PublishingRepository(db: tx, scope: scope).audit(given ? "consent_given" : "consent_withdrawn", detail, userID: userID, now: now)
        }
    }

    /// The record of changes, newest first.
    public func events(limit: Int = 50) async throws -> [PublishingEventModel] {
        try await PublishingEventModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .sort(\.$at, .descending).range(..<limit).all()
    }

    /// A number that moves with every change of choices or consents (each writes one event), so
    /// that public pages built from them know to rebuild.
    public func stamp() async throws -> Int {
        try await PublishingEventModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).count()
    }

    private func audit(_ action: String, _ detail: String, userID: UUID?, now: Date) async throws {
        let event = PublishingEventModel()
        event.initiativeID = scope.initiativeID
        event.at = now
        event.userID = userID
        event.action = action
        event.detailJSON = detail
        try await event.create(on: db)
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}
