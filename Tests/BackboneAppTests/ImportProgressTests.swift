@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

/// Collects the progress an import reports.
actor ProgressLog {
    var entries: [ReportImporter.Progress] = []
    func add(_ progress: ReportImporter.Progress) { entries.append(progress) }
}

@Suite("Progress of large imports")
struct ImportProgressTests {
    @Test("the importer reports rows checked, then reports saved, in order and against the right totals")
    func importerReports() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            let userID = try await UserRepository(db: app.db).find(email: "admin@example.org")!.requireID()
            // 601 rows, each its own report: 30 more partners × 20 months, plus one for Other Partner.
            try await ReportingRepository(db: app.db, scope: scope).updateSettings(dueAfterDays: 30, lockAfterDays: 730, includeSubmitted: false, timeZone: "UTC")
            let initiative = try #require(try await InitiativeModel.find(s.partner.initiativeID, on: app.db))
            var rows: [String] = []
            for number in 1...30 {
                let partner = try await Fixtures(app).organization("Partner \(number)", in: initiative)
                try await IndicatorRepository(db: app.db, scope: scope).assign(indicator: s.served, organizationID: partner.requireID(), dimensionKeys: [], now: Date())
                for month in 0..<20 {
                    let period = month < 5 ? "2024-\(String(format: "%02d", month + 8))" : month < 17 ? "2025-\(String(format: "%02d", month - 4))" : "2026-0\(month - 16)"
                    rows.append("PM-SERVED,Partner \(number),\(period),,\(number + month),,,")
                }
            }
            rows.append("PM-SERVED,Other Partner,2026-02,,6,,,")
            let log = ProgressLog()
            let summary = try await ReportImporter(db: app.db, scope: scope).run(
                try CSVTable.parse(ImportTests.file(rows)), allowedOrganizations: nil, intent: .saveDraft, userID: userID,
                now: ImportTests.inMarch) { await log.add($0) }
            #expect(summary.reportsChanged == 601)
            let entries = await log.entries
            let checking = entries.filter { $0.phase == .checking }
            let saving = entries.filter { $0.phase == .saving }
            #expect(checking.map(\.done) == [0, 500])
            #expect(checking.allSatisfy { $0.total == 601 })
            #expect(saving.map(\.done) == Array(0..<601))
            #expect(saving.allSatisfy { $0.total == 601 })
            let reports = entries.filter { $0.phase == .checkingReports }
            #expect(reports.map(\.done) == Array(0..<601) && reports.allSatisfy { $0.total == 601 }, "each report checked before the lock")
            #expect(entries.firstIndex { $0.phase == .checkingReports }! > entries.lastIndex { $0.phase == .checking }!)
            #expect(entries.firstIndex { $0.phase == .saving }! > entries.lastIndex { $0.phase == .checkingReports }!)
        }
    }

    @Test("a person reads only their own import's progress; bad tokens are not found")
    func progressEndpoint() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let steward = try await UserRepository(db: app.db).find(email: "steward@example.org")!
            let token = "abcdefghijklmnop1234"
            await app.importProgress.update(.init(userID: try steward.requireID(), token: token), .init(phase: .saving, done: 40, total: 90))
            try await s.steward.get(app, "/i/river/reporting/import/progress/\(token)") { res in
                #expect(res.status == .ok)
                let progress = try res.content.decode(ImportController.ProgressDTO.self)
                #expect(progress.phase == "saving")
                #expect(progress.done == 40 && progress.total == 90)
            }
            try await s.admin.get(app, "/i/river/reporting/import/progress/\(token)") { res in
                let progress = try res.content.decode(ImportController.ProgressDTO.self)
                #expect(progress.phase == "unknown")
            }
            try await s.steward.get(app, "/i/river/reporting/import/progress/short") { #expect($0.status == .notFound) }
            try await s.steward.get(app, "/i/elsewhere/reporting/import/progress/\(token)") { #expect($0.status == .notFound) }
            await app.importProgress.finish(.init(userID: try steward.requireID(), token: token))
            try await s.steward.get(app, "/i/river/reporting/import/progress/\(token)") { res in
                let progress = try res.content.decode(ImportController.ProgressDTO.self)
                #expect(progress.phase == "unknown")
            }
        }
    }

    @Test("the board forgets old entries before it refuses new ones")
    func boardCapacity() async {
        let board = ImportProgressBoard()
        let start = Date()
        let user = UUID()
        for index in 0..<ImportProgressBoard.capacity {
            await board.update(.init(userID: user, token: "token-\(index)-xxxxxxxxxx"), .init(phase: .checking, done: 0, total: 1), now: start)
        }
        let late = ImportProgressBoard.Key(userID: user, token: "late-token-xxxxxxxxxx")
        await board.update(late, .init(phase: .checking, done: 0, total: 1), now: start.addingTimeInterval(60))
        #expect(await board.progress(late) == nil, "a full board of fresh entries refuses more")
        await board.update(late, .init(phase: .checking, done: 0, total: 1), now: start.addingTimeInterval(ImportProgressBoard.lifetime + 1))
        #expect(await board.progress(late) != nil, "stale entries make room")
    }
}
