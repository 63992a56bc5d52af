@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Aggregates under concurrent changes")
struct ConcurrentUpkeepTests {
    @Test("partners' reports approved at the same moment both count in the initiative's total, and the generation moves")
    func concurrentApprovals() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            let admin = try await UserRepository(db: app.db).find(email: "admin@example.org")!
            let rollups = RollupRepository(db: app.db, scope: scope)
            for round in 1...3 {
                let period = ReportingPeriod.containing(Date(), frequency: .monthly).shifted(by: 1 - round)
                var submissions: [SubmissionModel] = []
                for (organization, value) in [(s.partner, 100.0 * Double(round)), (s.other, 7.0)] {
                    let cells: [String: [String: ValueEntry]] = organization.id == s.partner.id
                        ? ["gender": ["female": .init(value: value), "male": .init(value: 0), "another": .init(value: 0), "unknown": .init(value: 0)]] : [:]
                    submissions.append(try await ReportingRepository(db: app.db, scope: scope).save(
                        organizationID: organization.requireID(), period: period,
                        reports: [s.served.id!: IndicatorReport(total: .init(value: value), cells: cells, comment: "checked")],
                        expectedRevision: 0, intent: .submit, userID: admin.requireID(), now: Date()).submission)
                }
                let before = try await rollups.generation()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for submission in submissions {
                        group.addTask {
                            try await ReportingRepository(db: app.db, scope: scope)
                                .review(submission, to: .approved, comment: "", userID: admin.requireID(), now: Date())
                        }
                    }
                    try await group.waitForAll()
                }
                #expect(try await rollups.generation() >= before + 2)
                let total = try await rollups.series(indicatorID: s.served.id!, frequency: .monthly, basis: .approved)
                    .first { $0.periodKey == period.key }
                #expect(total?.value == 100 * Double(round) + 7, "round \(round): both partners counted")
                #expect(total?.sources == 2)
                let problems = RollupPropertyTests.differences(stored: RollupPropertyTests.snapshot(try await rollups.stored(allPartners: true)),
                                                               computed: RollupPropertyTests.snapshot(try await rollups.computeAll()))
                #expect(problems.isEmpty, "\(problems.prefix(5))")
            }
        }
    }
}
