import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// The common agenda of one initiative: its draft, its published versions and who endorses them.
public struct AgendaRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    /// One organization's endorsement of one version, with who gave it.
    public struct Endorsement: Sendable {
        public let organizationID: UUID
        public let versionNumber: Int
        public let userID: UUID?
        public let endorsedAt: Date
    }

    static let staleMessage = Texts.current("error.someoneElseChangedAgenda")

    // MARK: Draft

    /// The working draft; before the first save, the latest published version's text (or empty)
    /// at revision 0.
    public func draft() async throws -> (content: AgendaContent, revision: Int) {
        if let draft = try await storedDraft() { return (draft.content, draft.revision) }
        return (try await versions().last?.content ?? AgendaContent(), 0)
    }

    /// Saves the draft when nobody saved or published since `expectedRevision`; answers the new revision.
    @discardableResult
    public func saveDraft(_ content: AgendaContent, expectedRevision: Revision, userID: UUID, now: Date) async throws -> Int {
        try content.draftErrors().throwIfAny()
        return try await db.transaction { tx in
            try await AgendaRepository(db: tx, scope: scope).writeDraft(content.normalized, expectedRevision: expectedRevision, userID: userID, now: now)
        }
    }

    /// Publishes the draft as given (the form's text) as the next version, in one transaction
    /// with saving it; refused when the agenda would be empty or incomplete, or when the draft
    /// changed since `expectedRevision`. Answers the new version.
    public func publish(_ content: AgendaContent, note: String, expectedRevision: Revision, userID: UUID, now: Date) async throws -> AgendaVersionModel {
        var errors = content.publishErrors()
        if note.count > 500 { errors.add("note", Texts.current("error.noteTooLongMost")) }
        try errors.throwIfAny()
        let normalized = content.normalized
        return try await db.transaction { tx in
            let repository = AgendaRepository(db: tx, scope: scope)
            try await repository.writeDraft(normalized, expectedRevision: expectedRevision, userID: userID, now: now)
            let latest = try await repository.versions().last
            if let latest, latest.content == normalized {
                throw FieldErrors("problemStatement", Texts.current("error.nothingChangedSinceVersion", ["number": "\(latest.number)"]))
            }
            let version = AgendaVersionModel()
            version.initiativeID = scope.initiativeID
            version.number = (latest?.number ?? 0) + 1
            version.contentJSON = try AgendaJSON.encode(normalized)
            version.note = note.trimmed
            version.publishedAt = now
            version.publishedBy = userID
            // The unique (initiative, number) makes a racing publish fail rather than share a number.
            try await version.create(on: tx)
            return version
        }
    }

    // MARK: Versions

    /// Published versions, oldest first.
    public func versions() async throws -> [AgendaVersionModel] {
        try await AgendaVersionModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).sort(\.$number).all()
    }

    /// The newest published version, read alone (the public page needs no other).
    public func latestVersion() async throws -> AgendaVersionModel? {
        try await AgendaVersionModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).sort(\.$number, .descending).first()
    }

    public func version(number: Int) async throws -> AgendaVersionModel? {
        try await AgendaVersionModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$number == number).first()
    }

    // MARK: Endorsements

    /// Endorsements in force (not withdrawn), oldest first; `versions` saves reading them again
    /// when the caller has them.
    public func endorsements(of versions: [AgendaVersionModel]? = nil) async throws -> [Endorsement] {
        var known = versions ?? []
        if versions == nil { known = try await self.versions() }
        let numbers = Dictionary(uniqueKeysWithValues: try known.map { (try $0.requireID(), $0.number) })
        return try await AgendaEndorsementModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .filter(\.$withdrawnAt == nil).sort(\.$endorsedAt).all()
            .compactMap { row in
                numbers[row.versionID].map { Endorsement(organizationID: row.organizationID, versionNumber: $0, userID: row.userID, endorsedAt: row.endorsedAt) }
            }
    }

    /// Each organization's standing with the latest version.
    public func standings() async throws -> [UUID: EndorsementStanding] {
        let versions = try await versions()
        return Self.standings(try await endorsements(of: versions), currentVersion: versions.last?.number)
    }

    /// Each endorsing organization's standing, from endorsements already read.
    public static func standings(_ endorsements: [Endorsement], currentVersion: Int?) -> [UUID: EndorsementStanding] {
        Dictionary(grouping: endorsements, by: \.organizationID).mapValues { rows in
            EndorsementStanding.of(endorsedVersions: rows.map(\.versionNumber), currentVersion: currentVersion)
        }
    }

    /// Records that `organizationID` endorses version `number`; endorsing it again changes nothing.
    public func endorse(number: Int, organizationID: UUID, userID: UUID, now: Date) async throws {
        try await db.transaction { tx in
            let repository = AgendaRepository(db: tx, scope: scope)
            let version = try await repository.existingVersion(number)
            let versionID = try version.requireID()
            if try await repository.activeEndorsement(versionID: versionID, organizationID: organizationID) != nil { return }
            let row = AgendaEndorsementModel()
            row.initiativeID = scope.initiativeID
            row.versionID = versionID
            row.organizationID = organizationID
            row.userID = userID
            row.endorsedAt = now
            try await row.create(on: tx)
        }
    }

    /// Withdraws `organizationID`'s endorsement of version `number`; the record stays, marked withdrawn.
    public func withdraw(number: Int, organizationID: UUID, userID: UUID, now: Date) async throws {
        try await db.transaction { tx in
            let repository = AgendaRepository(db: tx, scope: scope)
            let version = try await repository.existingVersion(number)
            guard let row = try await repository.activeEndorsement(versionID: try version.requireID(), organizationID: organizationID) else {
                throw FieldErrors("version", Texts.current("error.yourOrganizationDoesNot", ["number": "\(number)"]))
            }
            row.withdrawnAt = now
            row.withdrawnBy = userID
            try await row.update(on: tx)
        }
    }

    // MARK: Helpers

    private func storedDraft() async throws -> AgendaDraftModel? {
        try await AgendaDraftModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).first()
    }

    /// Writes the draft with a conditional update, so that of two saves from the same revision
    /// (on PostgreSQL, even at the same instant) one wins and the other is told.
    private func writeDraft(_ content: AgendaContent, expectedRevision: Revision, userID: UUID, now: Date) async throws -> Int {
        let json = try AgendaJSON.encode(content)
        guard let existing = try await storedDraft() else {
            guard expectedRevision == .none else { throw FieldErrors.conflict("revision", Self.staleMessage) }
            let draft = AgendaDraftModel()
            draft.initiativeID = scope.initiativeID
            draft.contentJSON = json
            draft.revision = 1
            draft.updatedAt = now
            draft.updatedBy = userID
            // A concurrent first save hits the unique initiative and fails instead of doubling.
            do { try await draft.create(on: db) } catch { throw FieldErrors.conflict("revision", Self.staleMessage) }
            return 1
        }
        let updated = try await (db as! any SQLDatabase).update(AgendaDraftModel.schema)
            .set("content_json", to: json).set("revision", to: SQLRaw("revision + 1"))
            .set("updated_at", to: now).set("updated_by", to: userID)
            .where("id", .equal, existing.requireID()).where("revision", .equal, expectedRevision.value)
            .returning("revision").all()
        guard let row = updated.first else { throw FieldErrors.conflict("revision", Self.staleMessage) }
        return try row.decode(column: "revision", as: Int.self)
    }

    private func existingVersion(_ number: Int) async throws -> AgendaVersionModel {
        guard let version = try await version(number: number) else {
            throw FieldErrors("version", Texts.current("error.thereNoPublishedVersion", ["number": "\(number)"]))
        }
        return version
    }

    private func activeEndorsement(versionID: UUID, organizationID: UUID) async throws -> AgendaEndorsementModel? {
        try await AgendaEndorsementModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$versionID == versionID)
            .filter(\.$organizationID == organizationID).filter(\.$withdrawnAt == nil).first()
    }
}
