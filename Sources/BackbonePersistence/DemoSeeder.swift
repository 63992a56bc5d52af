import BackboneDomain
import Fluent
import Foundation

/// Loads `DemoInitiative` into the database, once: a second run finds it and does nothing.
public struct DemoSeeder: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    /// - Parameter passwordHash: the hash of the demo password, computed once by the caller
    ///   (hashing is the app's job, and one bcrypt run is enough for every demo account).
    /// - Returns: whether anything was written.
    @discardableResult
    public func seed(passwordHash: String, now: Date) async throws -> Bool {
        if try await InitiativeRepository(db: db).find(slug: DemoInitiative.slug) != nil { return false }
        try await db.transaction { tx in
            let initiative = InitiativeModel(
                slug: DemoInitiative.slug, name: DemoInitiative.name, place: DemoInitiative.place,
                problemStatement: DemoInitiative.problemStatement, createdAt: now)
            try await initiative.create(on: tx)
            let initiativeID = try initiative.requireID()

            var organizationIDs: [String: UUID] = [:]
            for org in DemoInitiative.organizations {
                let model = OrganizationModel(
                    initiativeID: initiativeID, name: org.name, sector: org.sector, isBackbone: org.isBackbone,
                    website: org.website, description: org.description, createdAt: now)
                try await model.create(on: tx)
                organizationIDs[org.name] = try model.requireID()
            }

            let admin = DemoInitiative.platformAdmin
            try await upsertUser(admin, passwordHash: passwordHash, platformAdmin: true, now: now, on: tx)
            for person in DemoInitiative.people {
                let user = try await upsertUser(person, passwordHash: passwordHash, platformAdmin: false, now: now, on: tx)
                guard let organizationID = organizationIDs[person.organizationName] else {
                    preconditionFailure("demo person at unknown organization \(person.organizationName)")
                }
                try await MembershipModel(userID: user.requireID(), initiativeID: initiativeID,
                                          organizationID: organizationID, role: person.role, createdAt: now).create(on: tx)
            }
        }
        return true
    }

    @discardableResult
    private func upsertUser(_ person: DemoInitiative.Person, passwordHash: String, platformAdmin: Bool,
                            now: Date, on tx: any Database) async throws -> UserModel {
        if let existing = try await UserRepository(db: tx).find(email: person.email) { return existing }
        let user = UserModel(email: person.email, displayName: person.displayName, passwordHash: passwordHash,
                             isPlatformAdmin: platformAdmin, createdAt: now)
        try await user.create(on: tx)
        return user
    }
}
