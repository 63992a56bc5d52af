import Fluent
import Foundation

/// Failed sign-ins within the throttling window.
public struct LoginFailureRepository: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    public func counts(account: String, clientAddress: String, since: Date) async throws -> (account: Int, lastAccountFailure: Date?, address: Int) {
        let byAccount = try await LoginFailureModel.query(on: db)
            .filter(\.$account == account).filter(\.$failedAt > since).count()
        let last = try await LoginFailureModel.query(on: db)
            .filter(\.$account == account).filter(\.$failedAt > since).sort(\.$failedAt, .descending).first()?.failedAt
        let byAddress = try await LoginFailureModel.query(on: db)
            .filter(\.$clientAddress == clientAddress).filter(\.$failedAt > since).count()
        return (byAccount, last, byAddress)
    }

    /// Whether the browser holding the cookie with this hash signed in to the account before.
    public func isKnownBrowser(userID: UUID, tokenHash: String) async throws -> Bool {
        try await KnownBrowserModel.query(on: db).filter(\.$userID == userID).filter(\.$tokenHash == tokenHash).first() != nil
    }

    /// Remembers a browser after a successful sign-in (once per browser and account).
    public func rememberBrowser(userID: UUID, tokenHash: String, now: Date) async throws {
        guard try await !isKnownBrowser(userID: userID, tokenHash: tokenHash) else { return }
        try await KnownBrowserModel(userID: userID, tokenHash: tokenHash, createdAt: now).create(on: db)
    }

    /// Records a failure and forgets those older than the window, so the table stays small.
    public func record(account: String, clientAddress: String, now: Date, forgetBefore: Date) async throws {
        try await LoginFailureModel(account: account, clientAddress: clientAddress, failedAt: now).create(on: db)
        try await LoginFailureModel.query(on: db).filter(\.$failedAt < forgetBefore).delete()
    }

    /// A successful sign-in clears the account's count (the address count stays: one address
    /// guessing many accounts is the attack it exists for).
    public func clear(account: String) async throws {
        try await LoginFailureModel.query(on: db).filter(\.$account == account).delete()
    }
}
