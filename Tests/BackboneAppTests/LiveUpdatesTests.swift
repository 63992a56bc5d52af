@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Foundation
import Testing
import VaporTesting

@Suite("Live updates", .timeLimit(.minutes(3)))
struct LiveUpdatesTests {
    @Test("a change reaches the subscribers of its initiative only; its payload holds ids and nothing else")
    func feed() async throws {
        let feed = ChangeFeed()
        let river = UUID(), lake = UUID(), indicator = UUID()
        let riverStream = await feed.subscribe(initiativeID: river)
        let lakeStream = await feed.subscribe(initiativeID: lake)
        await feed.deliver(.init(initiativeID: river, indicatorIDs: [indicator]))
        await feed.deliver(.init(initiativeID: lake, indicatorIDs: []))
        var riverIterator = riverStream.makeAsyncIterator()
        #expect(await riverIterator.next() == .init(initiativeID: river, indicatorIDs: [indicator]))
        var lakeIterator = lakeStream.makeAsyncIterator()
        #expect(await lakeIterator.next() == .init(initiativeID: lake, indicatorIDs: []), "lake hears only its own change")

        let change = ChangeFeed.Change(initiativeID: river, indicatorIDs: [indicator, UUID()])
        #expect(ChangeFeed.Change(payload: change.payload) == change)
        #expect(ChangeFeed.Change(payload: "not-a-uuid:") == nil)
        #expect(ChangeFeed.Change(payload: "\(river.uuidString):garbage,\(indicator.uuidString)")?.indicatorIDs == [indicator])
        await feed.stop()
        #expect(await feed.subscriberCount == 0)
    }

    @Test("saving and approving a report announce the change after it is committed")
    func announcements() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            // On PostgreSQL changes come back through LISTEN: wait until it is in force, so the
            // sequence below is the one the test expects rather than one raced with start-up.
            if case .postgres = app.backbone.database {
                for _ in 0..<200 where await !app.changeFeed.isListening { try await Task.sleep(for: .milliseconds(50)) }
            }
            let changes = await app.changeFeed.subscribe(initiativeID: s.served.initiativeID)
            var iterator = changes.makeAsyncIterator()
            let period = ReportingPagesTests.thisMonth
            let fields = ["revision": "0", "action": "submit", "\(s.served.id!).total.value": "9",
                          "\(s.served.id!).cell.gender.female.value": "5", "\(s.served.id!).cell.gender.male.value": "4",
                          "\(s.served.id!).cell.gender.another.value": "0", "\(s.served.id!).cell.gender.unknown.value": "0",
                          "\(s.served.id!).comment": "counted"]
            try await s.steward.post(app, "/i/river/reporting/\(s.partner.id!)/\(period)", fields) { #expect($0.status == .seeOther) }
            let saved = await iterator.next()
            #expect(saved?.indicatorIDs == [s.served.id!])
            let submission = try #require(try await ReportingRepository(db: app.db, scope: InitiativeScope(verifiedInitiativeID: s.served.initiativeID))
                .submission(organizationID: s.partner.requireID(), periodKey: period))
            try await s.admin.post(app, "/i/river/review/\(submission.id!)", ["decision": "approve"]) { #expect($0.status == .seeOther) }
            #expect(await iterator.next()?.initiativeID == s.served.initiativeID)
            // A refused save announces nothing: the next change seen is the one after it.
            try await s.steward.post(app, "/i/river/reporting/\(s.partner.id!)/\(period)", fields) { #expect($0.status == .conflict) }
            await app.changeFeed.deliver(.init(initiativeID: s.served.initiativeID, indicatorIDs: []))
            #expect(await iterator.next()?.indicatorIDs == [])
            // The stream is for members only.
            try await Fixtures(app).initiative("elsewhere")
            try await s.steward.get(app, "/i/elsewhere/live") { #expect($0.status == .notFound) }
        }
    }
}
