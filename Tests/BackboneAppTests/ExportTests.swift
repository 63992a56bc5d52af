@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Exports, every period's breakdown, and the learning summary through the API")
struct ExportTests {
    /// Two months approved: last month from both partners with a gender breakdown from one,
    /// this month from one partner only.
    static func approveTwoMonths(_ app: Application, _ s: ReportingPagesTests.Setup) async throws -> (last: ReportingPeriod, this: ReportingPeriod) {
        let reporting = ReportingRepository(db: app.db, scope: InitiativeScope(verifiedInitiativeID: s.partner.initiativeID))
        let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
        let this = ReportingPeriod.containing(Date(), frequency: .monthly), last = this.previous
        let genders: [String: ValueEntry] = ["female": .init(value: 60), "male": .init(value: 40), "another": .init(value: 0), "unknown": .init(value: 0)]
        for (organization, period, total, cells) in [(s.partner, last, 100.0, genders), (s.other, last, 5.0, [:]), (s.partner, this, 120.0, [:])] {
            let saved = try await reporting.save(organizationID: organization.requireID(), period: period,
                                                 reports: [s.served.id!: IndicatorReport(total: .init(value: total), cells: cells.isEmpty ? [:] : ["gender": cells])],
                                                 expectedRevision: 0, intent: .submit, userID: admin.requireID(), now: Date())
            try await reporting.review(saved.submission, to: .approved, comment: "", userID: admin.requireID(), now: Date())
        }
        return (last, this)
    }

    @Test("the series API and the CSV give every period with its breakdowns; the page breaks down the period chosen")
    func everyPeriod() async throws {
        try await withBackbone { app in
            // setup
            let s = try await ReportingPagesTests.setUp(app)
            let (last, this) = try await Self.approveTwoMonths(app, s)
            let viewer = try #require(try await UserRepository(db: app.db).find(email: "viewer@example.org"))
            let auth: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: viewer))"]
            // act + verify: API
            try await app.testing().test(.GET, "/api/v1/initiatives/river/indicators/\(s.served.code)/series", headers: auth) { res in
                #expect(res.status == .ok)
                let series = try res.content.decode(SeriesAPI.SeriesDTO.self)
                #expect(series.periods.map(\.period) == [last.key, this.key])
                #expect(series.periods.first?.total?.value == 105)
                #expect(series.periods.first?.total?.partnersCounted == 2)
                let gender = try #require(series.periods.first?.breakdowns.first { $0.dimension == "gender" })
                #expect(gender.cells.first { $0.category == "female" }?.figure.value == 60)
                #expect(series.periods.last?.total?.value == 120)
                #expect(series.periods.last?.total?.partnersCounted == 1)
            }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/indicators/NO-SUCH/series", headers: auth) { #expect($0.status == .notFound) }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/indicators/\(s.served.code)/series") { #expect($0.status == .unauthorized) }
            // CSV: byte order mark, one line per period and cell
            try await s.viewer.get(app, "/i/river/indicators/\(s.served.id!)/series.csv") { res in
                #expect(res.status == .ok)
                #expect(res.headers.contentType?.description.hasPrefix("text/csv") == true)
                let text = res.body.string
                #expect(text.hasPrefix("\u{FEFF}indicator_code,period,version,breakdown,category_key,category,value"))
                #expect(text.contains("\(s.served.code),\(last.key),1,,,,105,,,2,0\r\n"))
                #expect(text.contains("\(s.served.code),\(last.key),1,Gender,female,Female,60,,,1,0\r\n"))
                #expect(text.contains("\(s.served.code),\(this.key),1,,,,120,,,1,0\r\n"))
            }
            try await s.viewer.get(app, "/i/river/results.csv") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains(",\(last.key),1,105,,,2,2,0,,\r\n"))
            }
            // The page: the latest period by default, another on request, nonsense ignored.
            try await s.admin.get(app, "/i/river/indicators/\(s.served.id!)?period=\(last.key)") { res in
                #expect(res.text.contains("Breakdown, \(last.description)"))
                #expect(res.text.contains("<option value=\"\(last.key)\" selected>"))
            }
            try await s.admin.get(app, "/i/river/indicators/\(s.served.id!)?period=2026-13%3Cscript%3E") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("By partner, \(this.description)"), "the latest period when the one asked for has no figure")
            }
            // Tenancy: another initiative's indicator answers 404 in every form.
            try await Fixtures(app).initiative("elsewhere")
            try await s.admin.get(app, "/i/elsewhere/indicators/\(s.served.id!)/series.csv") { #expect($0.status == .notFound) }
            try await s.admin.get(app, "/i/elsewhere/results.csv") { #expect($0.status == .notFound) }
            try await app.testing().test(.GET, "/api/v1/initiatives/elsewhere/indicators/\(s.served.code)/series", headers: auth) { #expect($0.status == .notFound) }
        }
    }

    @Test("the learning API states what the figures say, with its evidence; bad spans are refused clearly")
    func learning() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let (_, this) = try await Self.approveTwoMonths(app, s)
            let viewer = try #require(try await UserRepository(db: app.db).find(email: "viewer@example.org"))
            let auth: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: viewer))"]
            try await app.testing().test(.GET, "/api/v1/initiatives/river/learning", headers: auth) { res in
                #expect(res.status == .ok)
                let summary = try res.content.decode(LearningAPI.SummaryDTO.self)
                #expect(summary.to == ReportingPeriod.containing(Date(), frequency: .quarterly).key)
                let partial = try #require(summary.statements.first { $0.kind == "missing_data" && $0.missingPeriods.isEmpty })
                #expect(partial.evidence.map(\.value) == [1, 2], "1 of 2 partners counted")
                #expect(partial.evidence.first?.period == this.key)
                #expect(partial.path == "/i/river/indicators/\(s.served.id!.uuidString)")
                #expect(partial.sentence.contains("1 of 2 partners"))
            }
            for bad in ["from=2026-13&to=2026-Q1", "from=2026-Q1", "from=2026-Q4&to=2026-Q1", "from=%00&to=9999999999999999999999", "to=2026"] {
                try await app.testing().test(.GET, "/api/v1/initiatives/river/learning?\(bad)", headers: auth) { res in
                    #expect(res.status == .unprocessableEntity, "\(bad)")
                    #expect(res.headers.contentType?.description.contains("problem+json") == true)
                }
            }
        }
    }
}
