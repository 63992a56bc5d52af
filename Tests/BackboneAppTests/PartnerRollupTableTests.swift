@testable import BackboneApp
import BackboneDomain
@testable import BackbonePersistence
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

/// Partners' aggregates live in their own table, ordered for the initiative's upkeep (migration
/// 032). An existing database keeps every aggregate across the move, and across moving back.
@Suite("Partners' aggregates in their own table")
struct PartnerRollupTableTests {
    static func count(_ table: String, _ app: Application) async throws -> Int {
        try await (app.db as! any SQLDatabase).raw("SELECT count(*) AS n FROM \(unsafeRaw: table)").first(decodingColumn: "n", as: Int.self) ?? -1
    }

    /// Years of approved history, so that both levels hold aggregates.
    static func approvedHistory(_ app: Application) async throws -> (ReportingPagesTests.Setup, InitiativeScope, UUID) {
        let (s, scope, userID) = try await HistoricalImportTests.context(app)
        _ = try await ReportImporter(db: app.db, scope: scope).run(
            try CSVTable.parse(HistoricalImportTests.history), allowedOrganizations: nil, intent: .submit,
            historical: .init(importID: UUID(), reason: HistoricalImportTests.reason, approve: true), userID: userID, now: Date())
        return (s, scope, userID)
    }

    @Test("an existing database's aggregates move out of rollups and back without one changing, and upkeep goes on after the move")
    func moveKeepsEveryAggregate() async throws {
        try await withBackbone { app in
            // setup
            let (s, scope, userID) = try await Self.approvedHistory(app)
            let rollups = RollupRepository(db: app.db, scope: scope)
            let before = RollupPropertyTests.snapshot(try await rollups.stored(allPartners: true))
            let partnerRows = try await Self.count("partner_rollups", app)
            #expect(partnerRows > 0 && partnerRows == before.keys.filter { !$0.contains("|all|") }.count)
            #expect(try await Self.count("rollups WHERE organization_id IS NOT NULL", app) == 0)

            // act: back to the earlier layout, as a database before migration 032 had them
            try await ClusterPartnerRollups().revert(on: app.db)
            // verify
            #expect(try await Self.count("rollups", app) == before.count)
            #expect(try await Self.count("rollups WHERE organization_id IS NOT NULL", app) == partnerRows)

            // act: the migration as an upgrade runs it
            try await ClusterPartnerRollups().prepare(on: app.db)
            // verify: the same aggregates, each in its table, and equal to a recomputation
            #expect(RollupPropertyTests.differences(stored: RollupPropertyTests.snapshot(try await rollups.stored(allPartners: true)), computed: before) == [])
            #expect(try await Self.count("partner_rollups", app) == partnerRows)
            #expect(try await Self.count("rollups WHERE organization_id IS NOT NULL", app) == 0)

            // act: a change after the move is kept in both tables
            let reporting = ReportingRepository(db: app.db, scope: scope)
            let report = try #require(try await reporting.submission(organizationID: s.partner.requireID(), periodKey: "2020-01"))
            try await reporting.review(report, to: .returned, comment: "Reopened to correct January", userID: userID, now: Date())
            // verify
            #expect(try await HistoricalImportTests.storedEqualsRebuild(app, scope) == [])
            #expect(try await rollups.series(indicatorID: s.served.requireID(), frequency: .monthly, basis: .approved,
                                             organizationID: s.partner.requireID()).isEmpty)
        }
    }

    @Test("removing an indicator removes its partners' aggregates with it")
    func cascades() async throws {
        try await withBackbone { app in
            // setup
            let (s, _, _) = try await Self.approvedHistory(app)
            #expect(try await Self.count("partner_rollups", app) > 0)
            // act
            try await s.served.delete(on: app.db)
            // verify
            #expect(try await Self.count("partner_rollups", app) == 0)
        }
    }

    /// On PostgreSQL triggers on the owners do this (migration 034), on SQLite foreign keys.
    @Test("removing a partner removes its aggregates, and removing the initiative removes the initiative's")
    func partnerAndInitiativeCascade() async throws {
        try await withBackbone { app in
            // setup
            let (s, scope, _) = try await Self.approvedHistory(app)
            let sql = app.db as! any SQLDatabase
            let partnerRows = { try await sql.raw("SELECT count(*) AS n FROM partner_rollups WHERE organization_id = \(bind: s.partner.requireID())")
                .first(decodingColumn: "n", as: Int.self) ?? -1 }
            #expect(try await partnerRows() > 0)
            // act: a partner goes (its people first: memberships forbid removing their organization)
            try await MembershipModel.query(on: app.db).filter(\.$initiativeID == scope.initiativeID).delete()
            try await s.partner.delete(on: app.db)
            // verify
            #expect(try await partnerRows() == 0)
            #expect(try await Self.count("rollups", app) > 0, "the initiative's own aggregates stay while it does")
            // act: the initiative goes
            try await InitiativeModel.query(on: app.db).filter(\.$id == scope.initiativeID).delete()
            // verify
            #expect(try await Self.count("rollups", app) == 0)
            #expect(try await Self.count("partner_rollups", app) == 0)
        }
    }
}
