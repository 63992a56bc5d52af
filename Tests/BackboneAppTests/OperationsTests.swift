@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@Suite("Operations: health, metrics, headers, storage, backup")
struct OperationsTests {
    @Test("/healthz answers ok when the database does")
    func health() async throws {
        try await withBackbone { app in
            try await app.testing().test(.GET, "/healthz") { res in
                #expect(res.status == .ok)
                #expect(res.text == "ok\n")
            }
        }
    }

    @Test("/metrics is off unless a token is configured, refuses a wrong token, and counts requests by route pattern, never by raw path")
    func metrics() async throws {
        try await withBackbone { app in
            try await app.testing().test(.GET, "/metrics") { #expect($0.status == .notFound) }
        }
        let token = "metrics-scraper-token-0123456789"
        try await withBackbone({ $0.metricsToken = token }) { app in
            try await app.testing().test(.GET, "/metrics") { #expect($0.status == .unauthorized) }
            try await app.testing().test(.GET, "/metrics", headers: ["Authorization": "Bearer wrong-token-wrong-token-00"]) { #expect($0.status == .unauthorized) }
            try await app.testing().test(.GET, "/set-password/secret-token-value") { _ in }
            try await app.testing().test(.GET, "/healthz") { _ in }
            try await app.testing().test(.GET, "/metrics", headers: ["Authorization": "Bearer \(token)"]) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("backbone_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}"))
                #expect(res.text.contains("backbone_http_request_duration_seconds_bucket"))
                #expect(res.text.contains("route=\"/set-password/:token\""))
                #expect(!res.text.contains("secret-token-value"))
            }
        }
    }

    @Test("every response carries the security headers; pages are not cached")
    func securityHeaders() async throws {
        try await withBackbone { app in
            for path in ["/login", "/does-not-exist", "/api/v1/me", "/assets/backbone.css"] {
                try await app.testing().test(.GET, path) { res in
                    let csp = res.headers.first(name: "Content-Security-Policy") ?? ""
                    #expect(csp.contains("frame-ancestors 'none'"))
                    #expect(csp.contains("script-src 'self'"))
                    #expect(!csp.contains("unsafe-inline"))
                    #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                    #expect(res.headers.first(name: "Referrer-Policy") != nil)
                    if path != "/assets/backbone.css" {
                        #expect(res.headers.first(name: .cacheControl) == "no-store", "\(path)")
                    }
                }
            }
        }
    }

    @Test("an unknown page is a 404 page for browsers and problem JSON for the API")
    func notFound() async throws {
        try await withBackbone { app in
            try await app.testing().test(.GET, "/nowhere") { res in
                #expect(res.status == .notFound)
                #expect(res.headers.contentType == .html)
                #expect(res.text.contains("Page not found"))
            }
            try await app.testing().test(.GET, "/api/v1/nowhere") { res in
                #expect(res.status == .notFound)
                #expect(res.headers.contentType?.subType == "problem+json")
            }
        }
    }

    @Test("SQLite runs in WAL mode with synchronous=FULL and foreign keys on, on every pooled connection")
    func sqliteDurability() async throws {
        try await withBackbone { app in
            guard case .sqlite = app.backbone.database else { return }
            // Several concurrent queries reach several pooled connections.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let sql = app.db as! any SQLDatabase
                        let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
                        let sync = try await sql.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
                        let keys = try await sql.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
                        #expect(mode == "wal")
                        #expect(sync == 2)
                        #expect(keys == 1)
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test("a backup is a consistent copy that opens as a database; an existing file is never overwritten")
    func backup() async throws {
        try await withBackbone({ $0.demo = true }) { app in
            guard case .sqlite = app.backbone.database else {
                await #expect(throws: Backup.Failure.self) {
                    try await Backup.sqlite(app.db, location: app.backbone.database, to: "/tmp/never.sqlite")
                }
                return
            }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID()).sqlite").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try await Backup.sqlite(app.db, location: app.backbone.database, to: path)
            await #expect(throws: Backup.Failure.self) {
                try await Backup.sqlite(app.db, location: app.backbone.database, to: path)
            }
            // restore: open the copy as Backbone's database
            try await withRestored(path) { (restored: Application) async throws in
                #expect(try await OrganizationModel.query(on: restored.db).count() == DemoInitiative.organizations.count)
                #expect(try await InitiativeRepository(db: restored.db).find(slug: DemoInitiative.slug) != nil)
            }
        }
    }

    private func withRestored(_ path: String, _ body: (Application) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        do {
            try await configure(app, AppConfig(database: .sqlite(path: path), autoMigrate: true))
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test("the demo loads once: a second start changes nothing")
    func demoIdempotent() async throws {
        try await withBackbone({ $0.demo = true }) { app in
            try await loadDemo(app, app.backbone)
            #expect(try await InitiativeModel.query(on: app.db).count() == 1)
            #expect(try await OrganizationModel.query(on: app.db).count() == DemoInitiative.organizations.count)
            #expect(try await UserModel.query(on: app.db).count() == DemoInitiative.people.count + 1 + DemoAssessments.respondents.count)
            let roles = Set(try await MembershipModel.query(on: app.db).all().map(\.parsedRole))
            #expect(roles == Set(Role.allCases))
            let sectors = Set(DemoInitiative.organizations.map(\.sector))
            #expect(sectors.count >= 7)
            // measurement: 12 indicators, their assignments, years of figures mostly approved
            #expect(try await IndicatorModel.query(on: app.db).count() == DemoMeasurement.indicatorCodes.count)
            #expect(try await AssignmentModel.query(on: app.db).count() == DemoMeasurement.assignments.count)
            let statuses = try await SubmissionModel.query(on: app.db).all().map(\.parsedStatus)
            #expect(statuses.filter { $0 == .approved }.count > statuses.count * 3 / 4)
            #expect(statuses.contains(.submitted))
            #expect(statuses.contains(.draft))
            #expect(try await MeasurementValueModel.query(on: app.db).filter(\.$dimensionKey != "").count() > 0)
            // agenda: two versions; some partners endorse only the first
            let initiative = try await InitiativeModel.query(on: app.db).first()!
            let agenda = AgendaRepository(db: app.db, scope: InitiativeScope(verifiedInitiativeID: initiative.id!))
            #expect(try await agenda.versions().map(\.number) == [1, 2])
            let standings = try await agenda.standings().values
            #expect(standings.filter { $0 == .current }.count == DemoAgenda.endorsersOfSecond.count)
            #expect(standings.filter { $0 == .olderOnly(version: 1) }.count == DemoAgenda.endorsersOfFirst.count - DemoAgenda.endorsersOfSecond.count)
            // theory of change: every part and link accepted by the rules, indicators on results
            let theory = try await TheoryOfChangeRepository(db: app.db, scope: InitiativeScope(verifiedInitiativeID: initiative.id!)).snapshot()
            #expect(theory.nodes.count == DemoTheoryOfChange.parts.count)
            #expect(theory.graph.links.count == DemoTheoryOfChange.links.count)
            #expect(theory.indicators.count == DemoTheoryOfChange.parts.filter { !$0.indicators.isEmpty }.count)
            // governance: a committee, four open groups and a merged one; an action plan with one gap and one overlap
            let scope = InitiativeScope(verifiedInitiativeID: initiative.id!)
            let bodies = try await GovernanceRepository(db: app.db, scope: scope).bodies()
            #expect(bodies.count == DemoGovernance.bodies.count)
            #expect(bodies.filter { $0.parsedKind == .workingGroup && $0.parsedStatus != .closed }.count == 4)
            #expect(bodies.filter { $0.mergedIntoID != nil }.map(\.name) == [DemoGovernance.mergedTaskForce.name])
            let strategies = theory.nodes.filter { $0.parsedKind == .strategy }
            let activities = try await ActivityRepository(db: app.db, scope: scope).all()
            #expect(activities.count == DemoGovernance.activities.count && activities.count >= 40)
            let coverage = Coverage(strategies: strategies.map { $0.id! }, activities: activities.map(\.facts))
            #expect(coverage.gaps.compactMap { id in strategies.first { $0.id == id }?.title } == ["Housing navigation"])
            #expect(coverage.overlaps.map(\.kind) == ["Summer reading camp"])
            #expect(try await GovernanceRepository(db: app.db, scope: scope).cycles().count == DemoGovernance.cycles.count)
            // meetings: past ones with minutes and decisions, upcoming ones, open items carried over
            let meetings = MeetingRepository(db: app.db, scope: scope)
            let all = try await meetings.meetings()
            #expect(all.count == DemoMeetings.meetings.count)
            #expect(all.contains { $0.startsAt > Date() } && all.filter { $0.startsAt < Date() }.allSatisfy { !$0.minutes.isEmpty })
            #expect(try await meetings.decisions().count == DemoMeetings.meetings.map(\.decisions.count).reduce(0, +))
            let next = try #require(all.first { $0.startsAt > Date() && $0.bodyID != nil })
            #expect(!(try await meetings.carriedOver(into: next)).isEmpty)
            // stories: several published, some with consent (public), one waiting
            let stories = try await StoryRepository(db: app.db, scope: scope).all()
            #expect(stories.count == DemoMeetings.stories.count)
            #expect(stories.filter(\.isPublic).count == 2 && stories.contains { $0.parsedStatus == .submitted })
            #expect(try await UpdateRepository(db: app.db, scope: scope).feed().count > 10)
            #expect(try await CommentModel.query(on: app.db).count() == DemoMeetings.comments.count)
            // the demo password works for a demo account
            let browser = try await Browser.anonymous(on: app)
            try await browser.post(app, "/login", ["email": DemoInitiative.people[0].email, "password": DemoInitiative.defaultPassword]) {
                #expect($0.status == .seeOther)
            }
            try await browser.get(app, "/login") { res in
                #expect(res.text.contains("Demo accounts"))
                #expect(res.text.contains(DemoInitiative.people.last!.email))
            }
        }
    }

    @Test("outside demo mode the login page lists no accounts")
    func noDemoListing() async throws {
        try await withBackbone { app in
            try await app.testing().test(.GET, "/login") { #expect(!$0.text.contains("Demo accounts")) }
        }
    }
}

extension OperationsTests {
    @Test("/healthz names a nearly full disk and a database that accepts no writes; a save then answers 503 with a plain message, not a 500")
    func healthFaults() async throws {
        try await withBackbone({ $0.minimumFreeDiskBytes = Int64.max / 2 }) { app in
            guard case .sqlite = app.backbone.database else { return }
            try await app.testing().test(.GET, "/healthz") { res in
                #expect(res.status == .serviceUnavailable)
                #expect(res.text.contains("disk nearly full"))
            }
        }
        try await withBackbone { app in
            guard case .sqlite = app.backbone.database else { return }
            // setup: a partner's report page, then every pooled connection refuses writes as a read-only file does
            let s = try await ReportingPagesTests.setUp(app)
            try await app.testing().test(.GET, "/healthz") { #expect($0.status == .ok) }
            for loop in app.eventLoopGroup.makeIterator() {
                try await app.databases.database(.sqlite, logger: app.logger, on: loop)!.withConnection { connection in
                    try await (connection as! any SQLDatabase).raw("PRAGMA query_only = 1").run()
                }
            }
            // verify
            try await app.testing().test(.GET, "/healthz") { res in
                #expect(res.status == .serviceUnavailable)
                #expect(res.text.contains("read-only"))
            }
            try await s.admin.post(app, "/i/river/reporting/\(s.other.id!)/\(ReportingPagesTests.thisMonth)",
                                   ["\(s.served.id!).total.value": "5", "revision": "0", "action": "save"]) { res in
                #expect(res.status == .serviceUnavailable)
                #expect(res.headers.first(name: "Retry-After") != nil)
                #expect(res.text.contains("accepts no changes"))
            }
        }
    }
}
