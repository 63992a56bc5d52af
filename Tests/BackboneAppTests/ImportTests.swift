@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("CSV import")
struct ImportTests {
    static func file(_ rows: [String]) -> Data {
        Data((["indicator_code,partner,period,gender,value,numerator,denominator,comment"] + rows).joined(separator: "\r\n").utf8)
    }

    static var march: String { "2026-03" }
    static let inMarch = Date.utc(2026, 3, 25)

    static let good = file([
        "PM-SERVED,River Reads,2026-03,,13,,,from sign-in sheets",
        "PM-SERVED,River Reads,2026-03,female,7,,,",
        "PM-SERVED,River Reads,2026-03,male,4,,,",
        "PM-SERVED,River Reads,2026-03,another,0,,,",
        "PM-SERVED,River Reads,2026-03,unknown,2,,,",
        "PM-SERVED,Other Partner,2026-03,,5,,,",
        "PM-SERVED,Other Partner,2026-02,,6,,,",
    ])

    @Test("a valid file commits whole; importing it again changes nothing")
    func idempotent() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let scope = InitiativeScope(verifiedInitiativeID: try await InitiativeRepository(db: app.db).find(slug: "river")!.requireID())
            let importer = ReportImporter(db: app.db, scope: scope)
            let userID = try await UserRepository(db: app.db).find(email: "admin@example.org")!.requireID()
            let first = try await importer.run(try CSVTable.parse(Self.good), allowedOrganizations: nil, intent: .saveDraft, userID: userID, now: Self.inMarch)
            #expect(first == .init(rows: 7, reportsChanged: 3, reportsUnchanged: 0))
            let values = try await MeasurementValueModel.query(on: app.db).count()
            let audit = try await ValueAuditModel.query(on: app.db).count()
            #expect(values == 7)
            let second = try await importer.run(try CSVTable.parse(Self.good), allowedOrganizations: nil, intent: .saveDraft, userID: userID, now: Self.inMarch)
            #expect(second == .init(rows: 7, reportsChanged: 0, reportsUnchanged: 3))
            #expect(try await MeasurementValueModel.query(on: app.db).count() == values)
            #expect(try await ValueAuditModel.query(on: app.db).count() == audit)
            let reports = try await ReportingRepository(db: app.db, scope: scope).reports(organizationID: s.partner.requireID(), periodKey: "2026-03")
            #expect(reports[s.served.id!]?.comment == "from sign-in sheets")
            #expect(reports[s.served.id!]?.cells["gender"]?["female"]?.value == 7)
        }
    }

    @Test("every bad row is reported with its line and column, and nothing is written")
    func badRows() async throws {
        try await withBackbone { app in
            _ = try await ReportingPagesTests.setUp(app)
            let scope = InitiativeScope(verifiedInitiativeID: try await InitiativeRepository(db: app.db).find(slug: "river")!.requireID())
            let userID = try await UserRepository(db: app.db).find(email: "admin@example.org")!.requireID()
            let bad = Self.file([
                "PM-SERVED,Other Partner,2026-02,,6,,,",          // fine on its own
                "NOPE,River Reads,2026-03,,1,,,",                 // 3: unknown indicator
                "PM-SERVED,Nobody,2026-03,,1,,,",                 // 4: unknown partner
                "PM-SERVED,River Reads,March,,1,,,",              // 5: bad period
                "PM-SERVED,River Reads,2026-Q1,,1,,,",            // 6: wrong frequency
                "PM-SERVED,River Reads,2026-03,robot,1,,,",       // 7: unknown category
                "PM-SERVED,River Reads,2026-03,,1.5,,,",          // 8: a count must be whole
                "PM-SERVED,River Reads,2026-03,,2,,,",            // 9: the same figure again
            ])
            do {
                _ = try await ReportImporter(db: app.db, scope: scope).run(try CSVTable.parse(bad), allowedOrganizations: nil, intent: .saveDraft, userID: userID, now: Self.inMarch)
                Issue.record("a bad file was accepted")
            } catch let problems as ReportImporter.ImportProblems {
                let byLine = Dictionary(grouping: problems.problems, by: \.line)
                #expect(byLine[3]?.first?.column == "indicator_code")
                #expect(byLine[4]?.first?.column == "partner")
                #expect(byLine[5]?.first?.column == "period")
                #expect(byLine[6]?.first?.message.contains("monthly") == true)
                #expect(byLine[7]?.first?.column == "gender")
                #expect(byLine[9]?.first?.message.contains("already on line 8") == true)
            }
            #expect(try await MeasurementValueModel.query(on: app.db).count() == 0)
            // a rule broken only when saving (a count of 1.5) also writes nothing, even for good rows
            let ruleBroken = Self.file(["PM-SERVED,Other Partner,2026-02,,6,,,", "PM-SERVED,River Reads,2026-03,,1.5,,,"])
            do {
                _ = try await ReportImporter(db: app.db, scope: scope).run(try CSVTable.parse(ruleBroken), allowedOrganizations: nil, intent: .saveDraft, userID: userID, now: Self.inMarch)
                Issue.record("a rule-breaking file was accepted")
            } catch let problems as ReportImporter.ImportProblems {
                #expect(problems.problems.first?.line == 3)
                #expect(problems.problems.first?.column == "value")
            }
            #expect(try await MeasurementValueModel.query(on: app.db).count() == 0)
            #expect(try await SubmissionModel.query(on: app.db).count() == 0)
        }
    }

    @Test("a file that breaks a reporting rule is refused without waiting for the write lock; a valid one waits its turn and commits")
    func checkedBeforeTheLock() async throws {
        try await withBackbone { app in
            _ = try await ReportingPagesTests.setUp(app)
            let scope = InitiativeScope(verifiedInitiativeID: try await InitiativeRepository(db: app.db).find(slug: "river")!.requireID())
            let userID = try await UserRepository(db: app.db).find(email: "admin@example.org")!.requireID()
            // Another writer holds the write lock (on SQLite, the one writer's turn) until released.
            let release = AsyncStream<Void>.makeStream()
            let held = AsyncStream<Void>.makeStream()
            let writer = Task {
                try await app.db.transaction { tx in
                    _ = try await InitiativeModel.query(on: tx).count()
                    held.continuation.yield()
                    for await _ in release.stream { break }
                }
            }
            for await _ in held.stream { break }
            // Should the import wait for the lock after all, the writer lets go after a while,
            // which the refusal below then notices.
            let letGo = Task {
                try await Task.sleep(for: .seconds(15))
                release.continuation.yield()
                return true
            }
            let ruleBroken = Self.file(["PM-SERVED,Other Partner,2026-02,,6,,,", "PM-SERVED,River Reads,2026-03,,1.5,,,"])
            let importer = ReportImporter(db: app.db(.longWrites), scope: scope)
            do {
                _ = try await importer.run(try CSVTable.parse(ruleBroken), allowedOrganizations: nil, intent: .saveDraft, userID: userID, now: Self.inMarch)
                Issue.record("a rule-breaking file was accepted")
            } catch let problems as ReportImporter.ImportProblems {
                #expect(problems.problems.map(\.line) == [3])
            }
            letGo.cancel()
            #expect(await (try? letGo.value) == nil, "refused while the other writer still held the lock")
            let valid = Task {
                try await importer.run(try CSVTable.parse(Self.good), allowedOrganizations: nil, intent: .saveDraft, userID: userID, now: Self.inMarch)
            }
            release.continuation.yield()
            try await writer.value
            #expect(try await valid.value == .init(rows: 7, reportsChanged: 3, reportsUnchanged: 0))
            #expect(try await MeasurementValueModel.query(on: app.db).count() == 7)
        }
    }

    @Test("an import longer than the wait keeps its connection alive with spaces, then sends its page: the summary, or the problems with nothing written")
    func longImportStreams() async throws {
        try await withBackbone({ $0.importWait = .milliseconds(1) }) { app in
            let s = try await ReportingPagesTests.setUp(app)
            let boundary = "----backbone-test"
            var headers = s.steward.headers
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            func upload(_ rows: [String]) -> ByteBuffer {
                multipartBody(["csrf_token": s.steward.csrfToken], file: ("file", "figures.csv", "text/csv", Array(Self.file(rows))), boundary: boundary)
            }
            let month = ReportingPagesTests.thisMonth
            // 20,000 rows naming no partner: checking them takes far longer than the wait.
            let unknown = (1...20_000).map { "PM-SERVED,Nobody \($0),\(month),,5,,," }
            try await app.testing(method: .running(port: 0)).test(.POST, "/i/river/reporting/import", headers: headers, body: upload(unknown)) { res in
                #expect(res.status == .ok, "the status went out before the outcome was known")
                #expect(res.text.trimmingCharacters(in: .whitespaces).hasPrefix("<!DOCTYPE html>"))
                #expect(res.text.contains("Nothing was imported."))
            }
            #expect(try await MeasurementValueModel.query(on: app.db).count() == 0)
            try await app.testing(method: .running(port: 0)).test(.POST, "/i/river/reporting/import", headers: headers,
                                                                   body: upload(["PM-SERVED,River Reads,\(month),,5,,,"])) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("1 report updated"))
            }
            #expect(try await MeasurementValueModel.query(on: app.db).count() == 1)
        }
    }

    @Test("a data steward imports only their own organization's figures; uploads go through the page")
    func uploadPage() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let boundary = "----backbone-test"
            func multipart(_ data: Data, csrf: String) -> ByteBuffer {
                multipartBody(["csrf_token": csrf], file: ("file", "figures.csv", "text/csv", Array(data)), boundary: boundary)
            }
            var headers = s.steward.headers
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            let thisMonth = ReportingPagesTests.thisMonth
            let other = Self.file(["PM-SERVED,Other Partner,\(thisMonth),,5,,,"])
            try await app.testing().test(.POST, "/i/river/reporting/import", headers: headers, body: multipart(other, csrf: s.steward.csrfToken)) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("only for your own organization"))
            }
            let own = Self.file(["PM-SERVED,River Reads,\(thisMonth),,5,,,"])
            try await app.testing().test(.POST, "/i/river/reporting/import", headers: headers, body: multipart(own, csrf: s.steward.csrfToken)) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("1 report updated"))
            }
            // without the form token
            try await app.testing().test(.POST, "/i/river/reporting/import", headers: headers, body: multipart(own, csrf: "forged")) {
                #expect($0.status == .forbidden)
            }
            // a file that is not text
            try await app.testing().test(.POST, "/i/river/reporting/import", headers: headers, body: multipart(Data([0x50, 0x4B, 0x03, 0x04, 0x00]), csrf: s.steward.csrfToken)) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("binary"))
            }
            // the template of a period reads back as an unchanged import
            var template = Data()
            try await s.steward.get(app, "/i/river/reporting/\(s.partner.id!)/\(thisMonth)/template.csv") { res in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
                template = Data(res.body.readableBytesView)
            }
            try await app.testing().test(.POST, "/i/river/reporting/import", headers: headers, body: multipart(template, csrf: s.steward.csrfToken)) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("0 reports updated, 1 already up to date"))
            }
            try await s.viewer.get(app, "/i/river/reporting/import") { #expect($0.status == .forbidden) }
        }
    }
}
