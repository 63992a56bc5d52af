import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// Accounts: lookup, creation, password changes and disabling.
public struct UserRepository: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    public func find(id: UUID) async throws -> UserModel? {
        try await UserModel.find(id, on: db)
    }

    /// `email` must already be normalized (see `EmailAddress`).
    public func find(email: String) async throws -> UserModel? {
        try await UserModel.query(on: db).filter(\.$email == email).first()
    }

    public func count() async throws -> Int {
        try await UserModel.query(on: db).count()
    }

    public func all() async throws -> [UserModel] {
        try await UserModel.query(on: db).sort(\.$displayName).all()
    }

    /// Display names of the given people (for records that say who did what).
    public func names(ids: [UUID]) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(try await UserModel.query(on: db).filter(\.$id ~~ ids).all().compactMap { user in user.id.map { ($0, user.displayName) } },
                          uniquingKeysWith: { first, _ in first })
    }

    public func create(_ user: UserModel) async throws {
        try await user.create(on: db)
    }

    /// Creates `user` only while no account exists; answers whether it did. Two people racing
    /// through first-run setup get one administrator: on PostgreSQL the check and the insert
    /// hold a transaction lock that the other waits for (its check then sees the first account);
    /// on SQLite write transactions already take turns.
    public func createFirstAccount(_ user: UserModel) async throws -> Bool {
        try await db.transaction { tx in
            if let sql = tx as? any SQLDatabase, sql.dialect.name == "postgresql" {
                try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: Self.firstAccountLock))").run()
            }
            guard try await UserModel.query(on: tx).count() == 0 else { return false }
            try await user.create(on: tx)
            return true
        }
    }

    /// The key of the transaction lock of first-run setup (any fixed number; this one spells "bbsetup").
    static let firstAccountLock = 0x6262_7365_7475_70

    /// Sets a new password and ends every other session of the user, so that a stolen session
    /// does not survive the owner changing their password. With `revokingAccess` (the form's
    /// default), the user's API tokens and private calendar address end too: someone who had the
    /// old password may have made them.
    public func changePassword(userID: UUID, newHash: String, keepingSession sessionID: UUID?, revokingAccess: Bool = false,
                               now: Date = Date()) async throws {
        try await db.transaction { tx in
            guard let user = try await UserModel.find(userID, on: tx) else { return }
            user.passwordHash = newHash
            try await user.save(on: tx)
            var sessions = SessionModel.query(on: tx).filter(\.$userID == userID)
            if let sessionID { sessions = sessions.filter(\.$id != sessionID) }
            try await sessions.delete()
            if revokingAccess { try await Self.revokeAccess(of: userID, now: now, on: tx) }
        }
    }

    /// Disabling ends the user's sessions, API tokens and calendar address at once, for good:
    /// enabling the account again revives none of them (the person makes new ones).
    public func setDisabled(userID: UUID, _ disabled: Bool, now: Date) async throws {
        try await db.transaction { tx in
            guard let user = try await UserModel.find(userID, on: tx) else { return }
            user.disabledAt = disabled ? now : nil
            try await user.save(on: tx)
            if disabled {
                try await SessionModel.query(on: tx).filter(\.$userID == userID).delete()
                try await Self.revokeAccess(of: userID, now: now, on: tx)
            }
        }
    }

    /// Revokes every API token of the user, removes their calendar address and forgets the
    /// browsers they signed in from.
    static func revokeAccess(of userID: UUID, now: Date, on db: any Database) async throws {
        try await APITokenModel.query(on: db).filter(\.$userID == userID).filter(\.$revokedAt == nil).set(\.$revokedAt, to: now).update()
        try await CalendarFeedModel.query(on: db).filter(\.$userID == userID).delete()
        try await KnownBrowserModel.query(on: db).filter(\.$userID == userID).delete()
    }

    /// Saves a person's name, language and time zone (empty: not chosen).
    public func updateProfile(_ user: UserModel, with draft: ProfileDraft) async throws {
        try draft.validate()
        user.displayName = draft.displayName
        user.language = draft.language.isEmpty ? nil : draft.language
        user.timeZone = draft.timeZone.isEmpty ? nil : draft.timeZone
        try await user.save(on: db)
    }
}
