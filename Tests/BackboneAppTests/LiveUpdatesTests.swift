@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Foundation
import Testing
import VaporTesting

/// No whole-suite time limit: on PostgreSQL every test first creates and migrates its own
/// database, and with hundreds of tests doing so at once that alone can take minutes on a small
/// machine. Each awaited change has its own deadline instead, counted from when the test waits.
@Suite("Live updates")
struct LiveUpdatesTests {
    /// Collects a stream's changes in the background so that a test can wait for the next one
    /// with a deadline: a lost announcement fails the test instead of hanging the run.
    actor Heard {
        private var changes: [ChangeFeed.Change] = []
        private var taken = 0

        /// Starts collecting; the collecting task ends with the stream (when the app stops).
        static func collecting(_ stream: AsyncStream<ChangeFeed.Change>) -> Heard {
            let heard = Heard()
            Task { for await change in stream { await heard.add(change) } }
            return heard
        }

        private func add(_ change: ChangeFeed.Change) { changes.append(change) }

        func next(within seconds: Double = 60) async throws -> ChangeFeed.Change? {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while changes.count <= taken {
                guard ContinuousClock.now < deadline else { return nil }
                try await Task.sleep(for: .milliseconds(20))
            }
            taken += 1
            return changes[taken - 1]
        }
    }

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
            let heard = Heard.collecting(await app.changeFeed.subscribe(initiativeID: s.served.initiativeID))
            let period = ReportingPagesTests.thisMonth
            let fields = ["revision": "0", "action": "submit", "\(s.served.id!).total.value": "9",
                          "\(s.served.id!).cell.gender.female.value": "5", "\(s.served.id!).cell.gender.male.value": "4",
                          "\(s.served.id!).cell.gender.another.value": "0", "\(s.served.id!).cell.gender.unknown.value": "0",
                          "\(s.served.id!).comment": "counted"]
            try await s.steward.post(app, "/i/river/reporting/\(s.partner.id!)/\(period)", fields) { #expect($0.status == .seeOther) }
            let saved = try await heard.next()
            #expect(saved?.indicatorIDs == [s.served.id!], "the save is announced")
            let submission = try #require(try await ReportingRepository(db: app.db, scope: InitiativeScope(verifiedInitiativeID: s.served.initiativeID))
                .submission(organizationID: s.partner.requireID(), periodKey: period))
            try await s.admin.post(app, "/i/river/review/\(submission.id!)", ["decision": "approve"]) { #expect($0.status == .seeOther) }
            #expect(try await heard.next()?.initiativeID == s.served.initiativeID, "the approval is announced")
            // A refused save announces nothing: the next change seen is the one after it.
            try await s.steward.post(app, "/i/river/reporting/\(s.partner.id!)/\(period)", fields) { #expect($0.status == .conflict) }
            await app.changeFeed.deliver(.init(initiativeID: s.served.initiativeID, indicatorIDs: []))
            #expect(try await heard.next()?.indicatorIDs == [], "the refused save announced nothing")
            // The stream is for members only.
            try await Fixtures(app).initiative("elsewhere")
            try await s.steward.get(app, "/i/elsewhere/live") { #expect($0.status == .notFound) }
        }
    }
}
