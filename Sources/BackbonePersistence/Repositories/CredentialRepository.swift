import Fluent
import SQLKit
import Foundation

/// API tokens and one-time password-setup links.
public struct CredentialRepository: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    public func createToken(_ token: APITokenModel) async throws {
        try await token.create(on: db)
    }

    public func tokens(userID: UUID) async throws -> [APITokenModel] {
        try await APITokenModel.query(on: db).filter(\.$userID == userID).sort(\.$createdAt, .descending).all()
    }

    /// An unrevoked token with its person, in one read: every API request starts with it.
    public func activeTokenWithUser(hash: String) async throws -> (token: APITokenModel, user: UserModel)? {
        guard let token = try await APITokenModel.query(on: db).join(UserModel.self, on: \APITokenModel.$userID == \UserModel.$id)
            .filter(\.$tokenHash == hash).filter(\.$revokedAt == nil).first()
        else { return nil }
        return (token, try token.joined(UserModel.self))
    }

    public func markUsed(_ token: APITokenModel, now: Date) async throws {
        token.lastUsedAt = now
        try await token.update(on: db)
    }

    /// Revokes a token only if it belongs to `userID`; answers whether one was revoked.
    public func revokeToken(id: UUID, userID: UUID, now: Date) async throws -> Bool {
        guard let token = try await APITokenModel.query(on: db)
            .filter(\.$id == id).filter(\.$userID == userID).filter(\.$revokedAt == nil).first()
        else { return false }
        token.revokedAt = now
        try await token.update(on: db)
        return true
    }

    public func createSetupLink(_ link: PasswordSetupTokenModel) async throws {
        try await link.create(on: db)
    }

    /// A link that exists, is unused and has not expired.
    public func usableSetupLink(hash: String, now: Date) async throws -> PasswordSetupTokenModel? {
        try await PasswordSetupTokenModel.query(on: db)
            .filter(\.$tokenHash == hash).filter(\.$usedAt == nil).filter(\.$expiresAt > now).first()
    }

    /// Spends the link and sets the password in one transaction. The conditional update makes
    /// the link work exactly once even when two requests race.
    public func completeSetup(link: PasswordSetupTokenModel, passwordHash: String, now: Date) async throws -> Bool {
        try await db.transaction { tx in
            let spent = try await (tx as! any SQLDatabase).update(PasswordSetupTokenModel.schema)
                .set("used_at", to: now)
                .where("id", .equal, link.requireID())
                .where("used_at", .is, SQLLiteral.null)
                .returning("user_id")
                .all()
            guard !spent.isEmpty, let user = try await UserModel.find(link.userID, on: tx) else { return false }
            user.passwordHash = passwordHash
            try await user.update(on: tx)
            // A reset ends the sessions signed in with the old password.
            try await SessionModel.query(on: tx).filter(\.$userID == link.userID).delete()
            return true
        }
    }
}
