import Foundation

/// The initiative a request works in, taken from the caller's membership (or platform-admin
/// status), never from client input alone. Every repository of initiative data requires one,
/// so a query without tenancy cannot be written by accident.
public struct InitiativeScope: Sendable, Equatable {
    public let initiativeID: UUID

    /// Only the access check in the app layer creates scopes.
    public init(verifiedInitiativeID: UUID) {
        self.initiativeID = verifiedInitiativeID
    }
}
