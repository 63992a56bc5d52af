import Fluent
import Foundation

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

    public func create(_ user: UserModel) async throws {
        try await user.create(on: db)
    }

    /// Sets a new password and ends every other session of the user, so that a stolen session
    /// does not survive the owner changing their password.
    public func changePassword(userID: UUID, newHash: String, keepingSession sessionID: UUID?) async throws {
        try await db.transaction { tx in
            guard let user = try await UserModel.find(userID, on: tx) else { return }
            user.passwordHash = newHash
            try await user.save(on: tx)
            var sessions = SessionModel.query(on: tx).filter(\.$userID == userID)
            if let sessionID { sessions = sessions.filter(\.$id != sessionID) }
            try await sessions.delete()
        }
    }

    /// Disabling ends the user's sessions at once; their API tokens stop working because
    /// token authentication checks `disabled_at`.
    public func setDisabled(userID: UUID, _ disabled: Bool, now: Date) async throws {
        try await db.transaction { tx in
            guard let user = try await UserModel.find(userID, on: tx) else { return }
            user.disabledAt = disabled ? now : nil
            try await user.save(on: tx)
            if disabled {
                try await SessionModel.query(on: tx).filter(\.$userID == userID).delete()
            }
        }
    }
}
