import Fluent
import Foundation

/// Failed sign-ins within the throttling window.
public struct LoginFailureRepository: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    public func counts(account: String, clientAddress: String, since: Date) async throws -> (account: Int, address: Int) {
        let byAccount = try await LoginFailureModel.query(on: db)
            .filter(\.$account == account).filter(\.$failedAt > since).count()
        let byAddress = try await LoginFailureModel.query(on: db)
            .filter(\.$clientAddress == clientAddress).filter(\.$failedAt > since).count()
        return (byAccount, byAddress)
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
