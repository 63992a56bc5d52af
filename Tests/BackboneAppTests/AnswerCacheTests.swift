@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import VaporTesting

@Suite("Whole answers kept under generations")
struct AnswerCacheTests {
    private static func key(_ answer: String, viewer: String = "") -> AnswerCache.Key {
        .init(initiativeID: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!, answer: answer, viewer: viewer)
    }

    private static let first = AnswerStamp(aggregates: 1, setup: 1)

    @Test("an answer is built once per stamp; a moved stamp, of either generation, builds it again")
    func buildsPerStamp() async throws {
        let cache = AnswerCache(budget: 1_000)
        let builds = NIOLockedValueBox(0)
        func read(_ stamp: AnswerStamp) async throws -> String {
            try await cache.answer(Self.key("a"), stamp: stamp) {
                builds.withLockedValue { $0 += 1 }
                return "built under \(stamp.aggregates).\(stamp.setup)"
            }
        }
        #expect(try await read(Self.first) == "built under 1.1")
        #expect(try await read(Self.first) == "built under 1.1")
        #expect(builds.withLockedValue { $0 } == 1)
        #expect(try await read(AnswerStamp(aggregates: 2, setup: 1)) == "built under 2.1", "an approval")
        #expect(try await read(AnswerStamp(aggregates: 2, setup: 2)) == "built under 2.2", "a target changed")
        #expect(builds.withLockedValue { $0 } == 3)
        #expect(cache.bytesHeld == "built under 2.2".utf8.count, "the stale answers' bytes are given back")
    }

    @Test("the cache's size is set in megabytes; anything but a whole number from 0 to 99999 stops the start with a message")
    func budgetSetting() throws {
        func load(_ value: String?) throws -> AppConfig {
            try AppConfig.load(arguments: ["backbone", "serve"], environment: value.map { ["BACKBONE_ANSWER_CACHE_MB": $0] } ?? [:]).0
        }
        #expect(try load(nil).answerCacheBytes == 32 * 1_048_576)
        #expect(try load("0").answerCacheBytes == 0)
        #expect(try load("99999").answerCacheBytes == 99_999 * 1_048_576)
        for bad in ["-1", "1.5", "lots", "100000", "9223372036854775807", "99999999999999999999", " 8"] {
            let error = #expect(throws: AppConfig.InvalidArguments.self) { try load(bad) }
            #expect(error?.description.contains("BACKBONE_ANSWER_CACHE_MB") == true, "\(bad)")
        }
    }

    @Test("viewers of different classes never get each other's answer")
    func perViewerClass() async throws {
        let cache = AnswerCache(budget: 1_000)
        let partner = try await cache.answer(Self.key("page", viewer: "partner_viewer|A|en"), stamp: Self.first) { "A's own figures" }
        let other = try await cache.answer(Self.key("page", viewer: "partner_viewer|B|en"), stamp: Self.first) { "B's own figures" }
        #expect(partner != other)
        #expect(try await cache.answer(Self.key("page", viewer: "partner_viewer|A|en"), stamp: Self.first) { "built again" } == "A's own figures")
    }

    @Test("the byte budget holds: the least recently used answers go first, an answer larger than the budget is not kept")
    func budget() async throws {
        let cache = AnswerCache(budget: 30)
        let ten = String(repeating: "x", count: 10)
        for name in ["a", "b", "c"] { _ = try await cache.answer(Self.key(name), stamp: Self.first) { ten } }
        #expect(cache.bytesHeld == 30)
        _ = try await cache.answer(Self.key("a"), stamp: Self.first) { "not built: kept" }  // a is now the most recent
        _ = try await cache.answer(Self.key("d"), stamp: Self.first) { ten }
        #expect(cache.bytesHeld == 30)
        #expect(try await cache.answer(Self.key("a"), stamp: Self.first) { "rebuilt" } == ten, "a was used recently and stays")
        #expect(try await cache.answer(Self.key("b"), stamp: Self.first) { "rebuilt" } == "rebuilt", "b was the least recently used")
        let huge = String(repeating: "y", count: 31)
        #expect(try await cache.answer(Self.key("huge"), stamp: Self.first) { huge } == huge, "answered all the same")
        #expect(cache.bytesHeld <= 30)
        #expect(try await cache.answer(Self.key("huge"), stamp: Self.first) { "not kept" } == "not kept")
        let none = AnswerCache(budget: 0)
        _ = try await none.answer(Self.key("a"), stamp: Self.first) { ten }
        #expect(none.bytesHeld == 0, "a budget of 0 keeps nothing")
    }

    @Test("many requests at once build once; a failed build is not kept")
    func singleFlightAndFailure() async throws {
        let cache = AnswerCache(budget: 1_000)
        let builds = NIOLockedValueBox(0)
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await cache.answer(Self.key("a"), stamp: Self.first) {
                        builds.withLockedValue { $0 += 1 }
                        try await Task.sleep(for: .milliseconds(50))
                        return "once"
                    }
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(answers == Array(repeating: "once", count: 20))
        #expect(builds.withLockedValue { $0 } == 1)
        struct Broken: Error {}
        await #expect(throws: Broken.self) { try await cache.answer(Self.key("b"), stamp: Self.first) { throw Broken() } }
        #expect(try await cache.answer(Self.key("b"), stamp: Self.first) { "second try" } == "second try")
    }

    @Test("the setup generation moves with every write that shapes a results answer, in the same initiative only")
    func setupGenerationMoves() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let initiativeID = s.partner.initiativeID
            let scope = InitiativeScope(verifiedInitiativeID: initiativeID)
            let rollups = RollupRepository(db: app.db, scope: scope)
            let sql = app.db as! any SQLDatabase
            let elsewhere = try await Fixtures(app).initiative("elsewhere")
            let elsewhereStamp = RollupRepository(db: app.db, scope: InitiativeScope(verifiedInitiativeID: try elsewhere.requireID()))
            #expect(try await elsewhereStamp.answerStamp().setup >= 1, "a new initiative starts with its counter")
            func moves(_ what: Comment, _ change: () async throws -> Void) async throws {
                let before = try await rollups.answerStamp()
                let elsewhereBefore = try await elsewhereStamp.answerStamp()
                try await change()
                let after = try await rollups.answerStamp()
                #expect(after.setup > before.setup, what)
                #expect(after.aggregates == before.aggregates, what)
                #expect(try await elsewhereStamp.answerStamp() == elsewhereBefore, "another initiative's answers stay: \(what)")
            }
            try await moves("a partner added") { _ = try await Fixtures(app).organization("New Partner", in: try await InitiativeModel.find(initiativeID, on: app.db)!) }
            try await moves("a partner renamed (the own-figures column is headed with its name)") {
                try await sql.raw("UPDATE organizations SET name = 'River Readers' WHERE id = \(bind: s.partner.requireID())").run()
            }
            try await moves("an indicator renamed") { try await sql.raw("UPDATE indicators SET name = 'Served' WHERE id = \(bind: s.served.requireID())").run() }
            try await moves("a definition version changed") {
                try await sql.raw("UPDATE indicator_versions SET created_at = created_at WHERE indicator_id = \(bind: s.served.requireID())").run()
            }
            try await moves("a breakdown changed") { try await sql.raw("UPDATE dimensions SET position = position WHERE initiative_id = \(bind: initiativeID)").run() }
            let definition = try #require(try await IndicatorRepository(db: app.db, scope: scope).listing().first).current.definition
            try await moves("a target set") {
                try await TargetRepository(db: app.db, scope: scope).set(indicator: s.served, organizationID: nil,
                                                                          baseline: .init(date: Date.utcDay("2025-01-01")!, value: 0),
                                                                          target: .init(date: Date.utcDay("2027-12-31")!, value: 10), definition: definition, now: Date())
            }
            try await moves("an assignment removed") { try await sql.raw("DELETE FROM assignments WHERE organization_id = \(bind: s.other.requireID())").run() }
            try await moves("the initiative's settings") {
                try await sql.raw("UPDATE initiatives SET dashboards_include_submitted = \(bind: true) WHERE id = \(bind: initiativeID)").run()
            }
            try await moves("an indicator deleted") { try await sql.raw("DELETE FROM indicators WHERE id = \(bind: s.served.requireID())").run() }
            // What does not shape results answers leaves the counter alone.
            let before = try await rollups.answerStamp()
            let someone = try await Fixtures(app).user("someone@example.org")
            try await Fixtures(app).member(someone, of: try await InitiativeModel.find(initiativeID, on: app.db)!, at: s.partner, as: .partnerViewer)
            #expect(try await rollups.answerStamp() == before, "a new member reads answers of an existing class")
            // Deleting an initiative takes its counter with it, and nothing fails on the way.
            try await sql.raw("DELETE FROM initiatives WHERE id = \(bind: initiativeID)").run()
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM setup_generations WHERE initiative_id = \(bind: initiativeID)").first(decodingColumn: "n", as: Int.self) == 0)
        }
    }

    @Test("the Results API and page answer what the database holds now: after a target, an assignment and an approval")
    func answersStayFresh() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            let viewer = try #require(try await UserRepository(db: app.db).find(email: "viewer@example.org"))
            let auth: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: viewer))"]
            func served() async throws -> ResultsAPI.IndicatorResultDTO {
                var item: ResultsAPI.IndicatorResultDTO?
                try await app.testing().test(.GET, "/api/v1/initiatives/river/results", headers: auth) { res in
                    #expect(res.status == .ok)
                    #expect(res.headers.contentType == .json)
                    item = try res.content.decode(ResultsAPI.ResultsDTO.self).items.first { $0.code == s.served.code }
                }
                return try #require(item)
            }
            #expect(try await served().target == nil)
            #expect(try await served().partnersAssigned == 2)
            let definition = try #require(try await IndicatorRepository(db: app.db, scope: scope).listing().first).current.definition
            try await TargetRepository(db: app.db, scope: scope).set(indicator: s.served, organizationID: nil,
                                                                      baseline: .init(date: Date.utcDay("2025-01-01")!, value: 0),
                                                                      target: .init(date: Date.utcDay("2027-12-31")!, value: 10), definition: definition, now: Date())
            #expect(try await served().target?.target == 10)
            try await IndicatorRepository(db: app.db, scope: scope).assign(indicator: s.served, organizationID: try await Fixtures(app).organization(
                "Third", in: try await InitiativeModel.find(s.partner.initiativeID, on: app.db)!).requireID(), dimensionKeys: [], now: Date())
            #expect(try await served().partnersAssigned == 3)
            let reporting = ReportingRepository(db: app.db, scope: scope)
            let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
            let period = ReportingPeriod.containing(Date(), frequency: .monthly)
            let saved = try await reporting.save(organizationID: s.other.requireID(), period: period,
                                                 reports: [s.served.id!: IndicatorReport(total: .init(value: 333))],
                                                 expectedRevision: 0, intent: .submit, userID: admin.requireID(), now: Date())
            try await s.viewer.get(app, "/i/river/results") { #expect(!$0.text.contains("333")) }
            #expect(try await served().latest == nil)
            try await reporting.review(saved.submission, to: .approved, comment: "", userID: admin.requireID(), now: Date())
            #expect(try await served().latest?.value == 333)
            try await s.viewer.get(app, "/i/river/results") { #expect($0.text.contains("333")) }
            // A role's content is its own: only the backbone may go on to publishing.
            let publishing = "href=\"\(SiteURL.publishing(slug: "river").path)\""
            try await s.viewer.get(app, "/i/river/results") { #expect(!$0.text.contains(publishing)) }
            try await s.admin.get(app, "/i/river/results") { res in
                #expect(res.text.contains(publishing))
                #expect(res.text.contains("333"))
            }
            // A kept answer never stands in for the check of who is asking: a member removed is
            // refused at their next request, by page and by API.
            try await (app.db as! any SQLDatabase).raw("DELETE FROM memberships WHERE user_id = \(bind: viewer.requireID())").run()
            try await s.viewer.get(app, "/i/river/results") { #expect($0.status == .notFound) }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/results", headers: auth) { #expect($0.status == .notFound) }
        }
    }
}
