import Fluent
import Foundation

/// Browser sessions stored in the database, shared by every app instance.
public struct SessionRepository: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    public func create(_ session: SessionModel) async throws {
        try await session.create(on: db)
    }

    public func find(tokenHash: String) async throws -> SessionModel? {
        try await SessionModel.query(on: db).filter(\.$tokenHash == tokenHash).first()
    }

    /// The session with its person, in one read: every signed-in request starts with it.
    public func findWithUser(tokenHash: String) async throws -> (session: SessionModel, user: UserModel)? {
        guard let session = try await SessionModel.query(on: db).join(UserModel.self, on: \SessionModel.$userID == \UserModel.$id)
            .filter(\.$tokenHash == tokenHash).first()
        else { return nil }
        return (session, try session.joined(UserModel.self))
    }

    public func touch(_ session: SessionModel, now: Date) async throws {
        session.lastSeenAt = now
        try await session.update(on: db)
    }

    public func delete(_ session: SessionModel) async throws {
        try await session.delete(on: db)
    }

    public func count(userID: UUID) async throws -> Int {
        try await SessionModel.query(on: db).filter(\.$userID == userID).count()
    }
}
