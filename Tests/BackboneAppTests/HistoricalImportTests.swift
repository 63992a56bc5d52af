@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

/// Past periods brought in one go: locks passed under one reason, unusual values as warnings,
/// reports approved on arrival, the same file twice changing nothing.
@Suite("Historical import")
struct HistoricalImportTests {
    static let reason = "Migrated from the 2020 spreadsheet"

    /// Other Partner's first half of 2020 (steady, then one swing), River Reads' January with its breakdown.
    static let history = ImportTests.file([
        "PM-SERVED,Other Partner,2020-01,,10,,,",
        "PM-SERVED,Other Partner,2020-02,,11,,,",
        "PM-SERVED,Other Partner,2020-03,,10,,,",
        "PM-SERVED,Other Partner,2020-04,,12,,,",
        "PM-SERVED,Other Partner,2020-05,,11,,,",
        "PM-SERVED,Other Partner,2020-06,,10,,,",
        "PM-SERVED,River Reads,2020-01,,13,,,",
        "PM-SERVED,River Reads,2020-01,female,7,,,",
        "PM-SERVED,River Reads,2020-01,male,4,,,",
        "PM-SERVED,River Reads,2020-01,another,0,,,",
        "PM-SERVED,River Reads,2020-01,unknown,2,,,",
    ])

    static func context(_ app: Application) async throws -> (ReportingPagesTests.Setup, InitiativeScope, UUID) {
        let s = try await ReportingPagesTests.setUp(app)
        let scope = InitiativeScope(verifiedInitiativeID: try await InitiativeRepository(db: app.db).find(slug: "river")!.requireID())
        let userID = try await UserRepository(db: app.db).find(email: "admin@example.org")!.requireID()
        return (s, scope, userID)
    }

    static func storedEqualsRebuild(_ app: Application, _ scope: InitiativeScope) async throws -> [String] {
        let rollups = RollupRepository(db: app.db, scope: scope)
        return RollupPropertyTests.differences(stored: RollupPropertyTests.snapshot(try await rollups.stored(allPartners: true)),
                                               computed: RollupPropertyTests.snapshot(try await rollups.computeAll()))
    }

    @Test("without the mode, a file mixing locked and open periods is refused at every locked row and nothing is written")
    func lockedWithoutMode() async throws {
        try await withBackbone { app in
            let (_, scope, userID) = try await Self.context(app)
            let mixed = ImportTests.file(["PM-SERVED,Other Partner,\(ReportingPagesTests.thisMonth),,5,,,", "PM-SERVED,Other Partner,2020-01,,10,,,",
                                          "PM-SERVED,River Reads,2020-02,,3,,,"])
            do {
                _ = try await ReportImporter(db: app.db, scope: scope).run(try CSVTable.parse(mixed), allowedOrganizations: nil, intent: .saveDraft,
                                                                          userID: userID, now: Date())
                Issue.record("locked periods were written")
            } catch let problems as ReportImporter.ImportProblems {
                #expect(problems.problems.map(\.line) == [3, 4])
                #expect(problems.problems.allSatisfy { $0.message.contains("locked") && $0.message.contains("exception") })
            }
            #expect(try await MeasurementValueModel.query(on: app.db).count() == 0)
        }
    }

    @Test("a historical import passes the locks, approves, names itself in every audit entry, and changes nothing the second time")
    func approvedAndIdempotent() async throws {
        try await withBackbone { app in
            let (s, scope, userID) = try await Self.context(app)
            let importer = ReportImporter(db: app.db, scope: scope)
            let historical = ReportingRepository.Historical(importID: UUID(), reason: Self.reason, approve: true)
            let first = try await importer.run(try CSVTable.parse(Self.history), allowedOrganizations: nil, intent: .submit,
                                               historical: historical, userID: userID, now: Date())
            #expect(first == .init(rows: 11, reportsChanged: 7, reportsUnchanged: 0))
            let submissions = try await SubmissionModel.query(on: app.db).all()
            #expect(submissions.count == 7)
            #expect(submissions.allSatisfy { $0.parsedStatus == .approved && $0.reviewedBy == userID })
            let audit = try await ValueAuditModel.query(on: app.db).all()
            #expect(audit.count == 11)
            let tag = "historical import \(historical.importID.uuidString.prefix(8).lowercased()): \(Self.reason)"
            #expect(audit.allSatisfy { $0.reason == tag && $0.userID == userID })
            let events = try await SubmissionEventModel.query(on: app.db).all()
            #expect(events.count == 7 && events.allSatisfy { $0.action == "approved" && $0.comment == tag })
            #expect(try await Self.storedEqualsRebuild(app, scope) == [])
            let reports = try await ReportingRepository(db: app.db, scope: scope).reports(organizationID: s.partner.requireID(), periodKey: "2020-01")
            #expect(reports[s.served.id!]?.cells["gender"]?["female"]?.value == 7)

            let again = ReportingRepository.Historical(importID: UUID(), reason: Self.reason, approve: true)
            let second = try await importer.run(try CSVTable.parse(Self.history), allowedOrganizations: nil, intent: .submit,
                                                historical: again, userID: userID, now: Date())
            #expect(second == .init(rows: 11, reportsChanged: 0, reportsUnchanged: 7))
            #expect(try await ValueAuditModel.query(on: app.db).count() == 11)
            #expect(try await SubmissionEventModel.query(on: app.db).count() == 7)
        }
    }

    @Test("an unusual value is let in and listed with its line; a period still to come and a breakdown that does not add up are refused")
    func warningsNotRefusals() async throws {
        try await withBackbone { app in
            let (_, scope, userID) = try await Self.context(app)
            let importer = ReportImporter(db: app.db, scope: scope)
            func historical() -> ReportingRepository.Historical { .init(importID: UUID(), reason: Self.reason, approve: true) }
            _ = try await importer.run(try CSVTable.parse(Self.history), allowedOrganizations: nil, intent: .submit, historical: historical(), userID: userID, now: Date())
            let swing = ImportTests.file(["PM-SERVED,Other Partner,2020-07,,500,,,"])
            let summary = try await importer.run(try CSVTable.parse(swing), allowedOrganizations: nil, intent: .submit, historical: historical(), userID: userID, now: Date())
            #expect(summary.reportsChanged == 1)
            #expect(summary.warnings.map(\.line) == [2])
            #expect(summary.warnings.first?.column == "value")
            #expect(try await SubmissionModel.query(on: app.db).filter(\.$periodKey == "2020-07").first()?.parsedStatus == .approved)

            let notAddingUp = (["PM-SERVED,River Reads,2020-03,,13,,,"] + ["female", "male", "another", "unknown"].map { "PM-SERVED,River Reads,2020-03,\($0),1,,," })
                .joined(separator: "\r\n")
            let refused: [(String, String)] = [("PM-SERVED,Other Partner,2099-01,,5,,,", "not started"), (notAddingUp, "add up")]
            for (row, words) in refused {
                do {
                    _ = try await importer.run(try CSVTable.parse(ImportTests.file([row])), allowedOrganizations: nil, intent: .submit,
                                               historical: historical(), userID: userID, now: Date())
                    Issue.record("\(row) was imported")
                } catch let problems as ReportImporter.ImportProblems {
                    #expect(problems.problems.contains { $0.message.contains(words) }, "\(problems.problems)")
                }
            }
            #expect(try await SubmissionModel.query(on: app.db).count() == 8)
        }
    }

    @Test("on the page: only a backbone administrator imports history, with a reason; approval on arrival needs the mode")
    func page() async throws {
        try await withBackbone { app in
            let (s, _, _) = try await Self.context(app)
            let boundary = "----backbone-test"
            func post(_ browser: Browser, _ fields: [String: String], _ verify: (TestingHTTPResponse) async throws -> Void) async throws {
                var headers = browser.headers
                headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                var all = fields
                all["csrf_token"] = browser.csrfToken
                try await app.testing().test(.POST, "/i/river/reporting/import", headers: headers,
                                             body: multipartBody(all, file: ("file", "history.csv", "text/csv", Array(Self.history)), boundary: boundary),
                                             afterResponse: verify)
            }
            try await s.admin.get(app, "/i/river/reporting/import") { res in
                #expect(res.text.contains("name=\"historical\""))
                #expect(res.text.contains("name=\"reason\""))
                // The historical fields, the submit button and the progress are inside the upload form.
                let html = res.text
                let form = try #require(html.range(of: "enctype=\"multipart/form-data\""))
                let end = try #require(html.range(of: "</form>", range: form.upperBound..<html.endIndex))
                let inside = html[form.upperBound..<end.lowerBound]
                #expect(inside.contains("name=\"reason\"") && inside.contains("type=\"submit\"") && inside.contains("import-progress"))
            }
            try await s.steward.get(app, "/i/river/reporting/import") { #expect(!$0.text.contains("name=\"historical\"")) }
            try await post(s.steward, ["historical": "on", "reason": Self.reason]) { #expect($0.status == .forbidden) }
            try await post(s.admin, ["historical": "on", "reason": "  "]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Say why"))
            }
            try await post(s.admin, ["historical": "on", "reason": "line one\nline two"]) { #expect($0.status == .unprocessableEntity) }
            try await post(s.admin, ["historical": "on", "reason": String(repeating: "x", count: 301)]) { #expect($0.status == .unprocessableEntity) }
            try await post(s.admin, ["approve": "on"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Only a historical import"))
            }
            #expect(try await MeasurementValueModel.query(on: app.db).count() == 0)
            try await post(s.admin, ["historical": "on", "reason": Self.reason, "approve": "on"]) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("7 reports updated"))
            }
            #expect(try await SubmissionModel.query(on: app.db).all().allSatisfy { $0.parsedStatus == .approved })
            let record = try #require(try await ImportRecordModel.query(on: app.db).filter(\.$state == "succeeded").first())
            #expect(record.parsedMode == .historical && record.reason == Self.reason && record.reportsChanged == 7)
        }
    }

    @Test("an import left running by a stopped server is marked interrupted at start-up; one another instance may still be running is left alone")
    func interruptedImports() async throws {
        try await withBackbone { app in
            let (_, scope, userID) = try await Self.context(app)
            let records = ImportRecordRepository(db: app.db, scope: scope)
            let now = Date()
            let old = try await records.start(userID: userID, mode: .historical, outcomeStatus: .approved, reason: Self.reason, fileBytes: 10,
                                              now: now.addingTimeInterval(-7 * 3_600))
            let recent = try await records.start(userID: userID, mode: .regular, outcomeStatus: .draft, reason: "", fileBytes: 10, now: now.addingTimeInterval(-600))
            let done = try await records.start(userID: userID, mode: .regular, outcomeStatus: .draft, reason: "", fileBytes: 10, now: now.addingTimeInterval(-8 * 3_600))
            try await records.finish(id: done.requireID(), summary: .init(rows: 1, reportsChanged: 1), problems: [], failure: nil, now: now)
            try await ImportRecordRepository.interruptStale(startedBefore: now.addingTimeInterval(-6 * 3_600), on: app.db, now: now)
            #expect(try await records.find(id: old.requireID())?.parsedState == .interrupted)
            #expect(try await records.find(id: recent.requireID())?.parsedState == .running)
            #expect(try await records.find(id: done.requireID())?.parsedState == .succeeded)
        }
    }
}
