@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Results pages")
struct ResultsPagesTests {
    @Test("the overview and the indicator page show totals from approved reports; partners see only their own partner row")
    func resultsFromAggregates() async throws {
        try await withBackbone { app in
            // setup
            let s = try await ReportingPagesTests.setUp(app)
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            let reporting = ReportingRepository(db: app.db, scope: scope)
            let admin = try await UserRepository(db: app.db).find(email: "admin@example.org")!
            let period = ReportingPeriod.containing(Date(), frequency: .monthly)
            let cells: [String: ValueEntry] = ["female": .init(value: 700), "male": .init(value: 4), "another": .init(value: 0), "unknown": .init(value: 0)]
            let mine = try await reporting.save(organizationID: s.partner.requireID(), period: period,
                                                reports: [s.served.id!: IndicatorReport(total: .init(value: 704), cells: ["gender": cells])],
                                                expectedRevision: 0, intent: .submit, userID: admin.requireID(), now: Date())
            let theirs = try await reporting.save(organizationID: s.other.requireID(), period: period,
                                                  reports: [s.served.id!: IndicatorReport(total: .init(value: 333))],
                                                  expectedRevision: 0, intent: .submit, userID: admin.requireID(), now: Date())
            try await s.admin.get(app, "/i/river/results") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("No data yet"), "submitted reports do not count until approved")
            }
            // act
            try await reporting.review(mine.submission, to: .approved, comment: "", userID: admin.requireID(), now: Date())
            try await reporting.review(theirs.submission, to: .approved, comment: "", userID: admin.requireID(), now: Date())
            // verify
            try await s.viewer.get(app, "/i/river/results") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("1,037"), "704 + 333 across partners")
                #expect(res.text.contains("2 of 2"))
                #expect(res.text.contains("class=\"chart sparkline\""))
            }
            try await s.steward.get(app, "/i/river/results") { res in
                #expect(res.text.contains("<th class=\"num\">River Reads</th>"), "a partner's own column")
                #expect(res.text.contains(">704<"), "its own figure beside the total")
                #expect(!res.text.contains(">333<"))
            }
            try await s.admin.get(app, "/i/river/indicators/\(s.served.id!)") { res in
                #expect(res.text.contains("Results over time"))
                #expect(res.text.contains("role=\"img\""))
                #expect(res.text.contains("Breakdown, \(period.description)"))
                #expect(res.text.contains("Other Partner") && res.text.contains(">333<"))
            }
            try await s.steward.get(app, "/i/river/indicators/\(s.served.id!)") { res in
                #expect(res.text.contains(">704<"), "a partner sees its own figure")
                #expect(!res.text.contains(">333<"), "but not another partner's")
            }
            // The same numbers as data.
            let viewer = try #require(try await UserRepository(db: app.db).find(email: "viewer@example.org"))
            let auth: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: viewer))"]
            try await app.testing().test(.GET, "/api/v1/initiatives/river/results", headers: auth) { res in
                #expect(res.status == .ok)
                let results = try res.content.decode(ResultsAPI.ResultsDTO.self)
                #expect(results.basis == "approved")
                let served = try #require(results.items.first { $0.code == s.served.code })
                #expect(served.latest?.period == period.key)
                #expect(served.latest?.value == 1037)
                #expect(served.latest?.partnersCounted == 2)
                #expect(served.series.map(\.period) == [period.key])
                #expect(served.partnersAssigned == 2)
            }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/results") { #expect($0.status == .unauthorized) }
            try await Fixtures(app).initiative("elsewhere")
            try await s.admin.get(app, "/i/elsewhere/results") { #expect($0.status == .notFound) }
            try await app.testing().test(.GET, "/api/v1/initiatives/elsewhere/results", headers: auth) { #expect($0.status == .notFound) }
        }
    }
}
