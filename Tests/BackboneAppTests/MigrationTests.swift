@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

/// A newcomer's migration, as docs/api.md shows it: a generated panel of 40 partners × 8 years ×
/// 3 indicators with breakdowns, brought in through `/api/v1` alone, then every stored total
/// compared with a computation of its own from the generated figures.
@Suite("Migration through the API")
struct MigrationTests {
    static let partners = 40
    static let years = Array(2018...2025)
    static let levels = ["elementary", "middle", "high"]

    /// A partner's figures for one year, drawn from a seeded generator so that every run is the same panel.
    struct Figures {
        var enrolled: [Int] = []          // per school level; the total is their sum
        var graduates: [Int] = []         // per school level, each at most its cohort
        var cohort: [Int] = []
        var ready = 0.0                   // a percent, weighted by the children assessed
        var assessed = 0
    }

    /// A small linear congruential generator: the panel must not depend on the platform's random source.
    struct Seeded {
        var state: UInt64
        mutating func next(_ range: ClosedRange<Int>) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return range.lowerBound + Int((state >> 33) % UInt64(range.count))
        }
    }

    static func panel() -> [[Figures]] {
        var random = Seeded(state: 2026)
        return (0..<partners).map { _ in
            years.map { _ in
                var figures = Figures()
                figures.enrolled = levels.map { _ in random.next(0...600) }
                figures.cohort = levels.map { _ in random.next(1...300) }
                figures.graduates = figures.cohort.map { random.next(0...$0) }
                figures.ready = Double(random.next(0...1000)) / 10
                figures.assessed = random.next(1...400)
                return figures
            }
        }
    }

    static func csv(_ panel: [[Figures]]) -> Data {
        var lines = ["indicator_code,partner,period,school_level,value,numerator,denominator,weight,comment"]
        for (p, years) in panel.enumerated() {
            for (y, f) in years.enumerated() {
                let partner = "Partner \(p + 1)", year = Self.years[y]
                lines.append("ENROLLED,\(partner),\(year),,\(f.enrolled.reduce(0, +)),,,,")
                for (l, level) in levels.enumerated() { lines.append("ENROLLED,\(partner),\(year),\(level),\(f.enrolled[l]),,,,") }
                lines.append("GRAD-RATE,\(partner),\(year),,,\(f.graduates.reduce(0, +)),\(f.cohort.reduce(0, +)),,")
                for (l, level) in levels.enumerated() { lines.append("GRAD-RATE,\(partner),\(year),\(level),,\(f.graduates[l]),\(f.cohort[l]),,") }
                lines.append("READY-K,\(partner),\(year),,\(MeasurementText.plain(f.ready)),,,\(f.assessed),")
            }
        }
        return Data(lines.joined(separator: "\n").utf8)
    }

    @Test("40 partners × 8 years × 3 indicators with breakdowns come in through the API, and every stored total equals an independent computation")
    func migrate() async throws {
        try await withBackbone { app in
            let root = try await Fixtures(app).user("data.manager@example.org", platformAdmin: true)
            let auth: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: root))"]
            let started = ContinuousClock.now
            func post(_ path: String, _ json: String, expect: HTTPResponseStatus = .created) async throws -> ByteBuffer {
                var body = ByteBuffer()
                try await SetupAPITests.json(app, .POST, "/api/v1" + path, auth, json) { res in
                    #expect(res.status == expect, "\(path): \(res.text)")
                    body = res.body
                }
                return body
            }
            _ = try await post("/initiatives", #"{"name": "Valley Graduates", "slug": "valley", "place": "Valley County", "problemStatement": "Too few young people finish school ready for what comes next.", "timeZone": "America/Chicago"}"#)
            for p in 1...Self.partners {
                _ = try await post("/initiatives/valley/organizations", #"{"name": "Partner \#(p)", "sector": "\#(p % 3 == 0 ? "education" : "nonprofit")"}"#)
            }
            let level = try JSONDecoder().decode(IndicatorSetupAPI.BreakdownDTO.self,
                                                 from: try await post("/initiatives/valley/breakdowns", #"{"name": "School level", "categories": ["Elementary", "Middle", "High"]}"#))
            #expect(level.key == "school_level" && level.categories.map(\.key) == Self.levels)
            _ = try await post("/initiatives/valley/indicators", #"{"code": "ENROLLED", "name": "Students enrolled", "kind": "population", "definition": "Students enrolled on the first school day of October.", "unit": "count", "aggregation": "sum", "polarity": "higher_is_better", "scope": "partners", "frequency": "annual", "dimensions": ["school_level"]}"#)
            _ = try await post("/initiatives/valley/indicators", #"{"code": "GRAD-RATE", "name": "Graduation rate", "kind": "population", "definition": "Students of the cohort who graduated on time.", "unit": "percent", "aggregation": "ratio", "numeratorDefinition": "On-time graduates", "denominatorDefinition": "Students of the cohort", "polarity": "higher_is_better", "scope": "partners", "frequency": "annual", "dimensions": ["school_level"]}"#)
            _ = try await post("/initiatives/valley/indicators", #"{"code": "READY-K", "name": "Ready for kindergarten", "kind": "population", "definition": "Children assessed who meet every readiness domain.", "unit": "percent", "aggregation": "weighted_mean", "weightDefinition": "Children assessed", "polarity": "higher_is_better", "scope": "partners", "frequency": "annual"}"#)
            for (code, dimensions) in [("ENROLLED", #"["school_level"]"#), ("GRAD-RATE", #"["school_level"]"#), ("READY-K", "[]")] {
                _ = try await post("/initiatives/valley/assignments", #"{"indicator": "\#(code)", "everyPartner": true, "dimensions": \#(dimensions)}"#, expect: .ok)
            }
            _ = try await post("/initiatives/valley/targets", #"{"indicator": "GRAD-RATE", "baselineValue": 70, "baselineDate": "2018-12-31", "targetValue": 85, "targetDate": "2030-12-31"}"#, expect: .ok)

            let panel = Self.panel()
            let file = Self.csv(panel)
            let boundary = "----migration"
            var headers = auth
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            var location = ""
            try await app.testing().test(.POST, "/api/v1/initiatives/valley/imports", headers: headers,
                                         body: multipartBody(["mode": "historical", "status": "approved", "reason": "Migrated from the 2018-2025 district panel"],
                                                             file: ("file", "panel.csv", "text/csv", Array(file)), boundary: boundary)) { res in
                #expect(res.status == .accepted)
                location = res.location ?? ""
            }
            var outcome: ImportAPI.ImportDTO?
            for _ in 0..<2_400 where outcome?.state ?? "running" == "running" {
                try await Task.sleep(for: .milliseconds(100))
                try await app.testing().test(.GET, location, headers: auth) { outcome = try? $0.content.decode(ImportAPI.ImportDTO.self) }
            }
            let imported = try #require(outcome)
            #expect(imported.state == "succeeded", "\(imported.problems.prefix(5))")
            #expect(imported.reportsChanged == Self.partners * Self.years.count)
            let rows = Self.partners * Self.years.count * 9
            #expect(imported.rows == rows)

            // Every year's totals and breakdowns, read back through the series endpoint.
            func series(_ code: String) async throws -> [String: SeriesAPI.PeriodDTO] {
                var periods: [String: SeriesAPI.PeriodDTO] = [:]
                try await app.testing().test(.GET, "/api/v1/initiatives/valley/indicators/\(code)/series", headers: auth) { res in
                    #expect(res.status == .ok)
                    periods = Dictionary(uniqueKeysWithValues: try res.content.decode(SeriesAPI.SeriesDTO.self).periods.map { ($0.period, $0) })
                }
                return periods
            }
            func same(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) <= 1e-9 * max(1, abs(b)) } ?? false }
            func cell(_ period: SeriesAPI.PeriodDTO?, _ category: String) -> Double? {
                period?.breakdowns.first { $0.dimension == "school_level" }?.cells.first { $0.category == category }?.figure.value
            }
            let enrolled = try await series("ENROLLED"), graduation = try await series("GRAD-RATE"), ready = try await series("READY-K")
            var compared = 0
            for (y, year) in Self.years.enumerated() {
                let key = String(year)
                let all = panel.map { $0[y] }
                #expect(same(enrolled[key]?.total?.value, Double(all.map { $0.enrolled.reduce(0, +) }.reduce(0, +))), "ENROLLED \(key)")
                #expect(enrolled[key]?.total?.partnersCounted == Self.partners)
                let graduates = all.map { $0.graduates.reduce(0, +) }.reduce(0, +), cohort = all.map { $0.cohort.reduce(0, +) }.reduce(0, +)
                #expect(same(graduation[key]?.total?.value, 100 * Double(graduates) / Double(cohort)), "GRAD-RATE \(key)")
                let weighted = all.map { $0.ready * Double($0.assessed) }.reduce(0, +) / Double(all.map(\.assessed).reduce(0, +))
                #expect(same(ready[key]?.total?.value, weighted), "READY-K \(key)")
                compared += 3
                for (l, level) in Self.levels.enumerated() {
                    #expect(same(cell(enrolled[key], level), Double(all.map { $0.enrolled[l] }.reduce(0, +))), "ENROLLED \(key) \(level)")
                    #expect(same(cell(graduation[key], level), 100 * Double(all.map { $0.graduates[l] }.reduce(0, +)) / Double(all.map { $0.cohort[l] }.reduce(0, +))),
                            "GRAD-RATE \(key) \(level)")
                    compared += 2
                }
            }
            #expect(compared == Self.years.count * 9)
            let scope = InitiativeScope(verifiedInitiativeID: try await InitiativeRepository(db: app.db).find(slug: "valley")!.requireID())
            #expect(try await HistoricalImportTests.storedEqualsRebuild(app, scope) == [])
            print("Migration through the API: \(Self.partners) partners × \(Self.years.count) years × 3 indicators, \(rows) rows, "
                  + "\(imported.reportsChanged) reports, \(compared) totals compared, \(ContinuousClock.now - started)")
        }
    }

    @Test("500 reports approved in one bulk decision: each decided once, and the stored aggregates equal a rebuild")
    func fiveHundredDecisions() async throws {
        // The whole answer at once (a longer decision streams; see `SetupAPITests.longDecisionStreams`).
        try await withBackbone({ $0.importWait = .seconds(3_600) }) { app in
            let root = try await Fixtures(app).user("data.manager@example.org", platformAdmin: true)
            let auth: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: root))"]
            let river = try await Fixtures(app).initiative("river")
            let scope = InitiativeScope(verifiedInitiativeID: try river.requireID())
            for p in 1...50 { _ = try await Fixtures(app).organization("Partner \(p)", in: river) }
            _ = try await IndicatorRepository(db: app.db, scope: scope).adopt(IndicatorCatalog.starter.entry(code: "PM-SERVED")!, now: Date())
            try await SetupAPITests.json(app, .POST, "/api/v1/initiatives/river/assignments", auth, #"{"indicator": "PM-SERVED", "everyPartner": true, "dimensions": ["gender"]}"#) {
                #expect($0.status == .ok)
            }
            var random = Seeded(state: 500)
            var lines = ["indicator_code,partner,period,gender,value,numerator,denominator,comment"]
            for p in 1...50 {
                for month in 1...10 {
                    let cells = ["female", "male", "another", "unknown"].map { ($0, random.next(0...90)) }
                    lines.append("PM-SERVED,Partner \(p),2025-\(month < 10 ? "0" : "")\(month),,\(cells.map(\.1).reduce(0, +)),,,")
                    lines += cells.map { "PM-SERVED,Partner \(p),2025-\(month < 10 ? "0" : "")\(month),\($0.0),\($0.1),,," }
                }
            }
            let admin = try root.requireID()
            let historical = ReportingRepository.Historical(importID: UUID(), reason: "Last year's monthly sheets", approve: false)
            let summary = try await ReportImporter(db: app.db, scope: scope).run(try CSVTable.parse(Data(lines.joined(separator: "\n").utf8)), allowedOrganizations: nil,
                                                                                intent: .submit, historical: historical, userID: admin, now: Date())
            #expect(summary.reportsChanged == 500)
            let ids = try await SubmissionModel.query(on: app.db).filter(\.$status == "submitted").all().map { $0.id! }
            #expect(ids.count == 500)
            let started = ContinuousClock.now
            try await SetupAPITests.json(app, .POST, "/api/v1/initiatives/river/review-decisions", auth,
                                         #"{"decision": "approve", "reports": [\#(ids.map { "\"\($0)\"" }.joined(separator: ","))]}"#) { res in
                #expect(res.status == .ok)
                let outcome = try? res.content.decode(ReviewAPI.OutcomeDTO.self)
                #expect(outcome?.decided.count == 500 && outcome?.refused.isEmpty == true)
            }
            print("500 bulk approvals: \(ContinuousClock.now - started)")
            #expect(try await SubmissionModel.query(on: app.db).filter(\.$status == "approved").count() == 500)
            #expect(try await SubmissionEventModel.query(on: app.db).filter(\.$action == "approved").count() == 500)
            #expect(try await HistoricalImportTests.storedEqualsRebuild(app, scope) == [])
        }
    }
}
