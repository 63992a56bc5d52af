@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Updates feed")
struct UpdateTests {
    @Test("announcements by the backbone and events recorded by the system appear newest first and filter by type, body and partner")
    func feed() async throws {
        try await withBackbone { app in
            // setup
            let (s, early) = try await MeetingTests.setUp(app)
            let feed = UpdateRepository(db: app.db, scope: s.scope)

            // act: refusals, then an announcement
            try await s.admin.post(app, "/i/river/updates", ["title": " ", "text": "x"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Give the update a title."))
            }
            try await s.lead.post(app, "/i/river/updates", ["title": "Mine", "text": ""]) { #expect($0.status == .forbidden) }
            try await s.viewer.post(app, "/i/river/updates", ["title": "Mine", "text": ""]) { #expect($0.status == .forbidden) }
            #expect(try await feed.feed().isEmpty)
            try await s.admin.post(app, "/i/river/updates", ["title": "Spring data walk", "text": "Save the <em>date</em>.", "aboutBody": early.uuidString]) { #expect($0.status == .seeOther) }

            // Events: minutes published (first time only) and a decision, in a meeting of the group.
            try await s.admin.post(app, "/i/river/meetings", MeetingTests.meetingFields(body: early.uuidString, day: MeetingTests.dayKey(-3))) { #expect($0.status == .seeOther) }
            let meeting = try #require(try await MeetingRepository(db: app.db, scope: s.scope).meetings().first)
            let path = "/i/river/meetings/\(meeting.id!)"
            try await s.lead.post(app, path + "/minutes", ["minutes": "We met.", "revision": "1"]) { #expect($0.status == .seeOther) }
            try await s.lead.post(app, path + "/minutes", ["minutes": "We met and agreed.", "revision": "2"]) { #expect($0.status == .seeOther) }
            try await s.lead.post(app, path + "/decisions", ["decision": "Coach every center", "rationale": ""]) { #expect($0.status == .seeOther) }

            // verify
            let all = try await feed.feed()
            #expect(all.map(\.parsedKind) == [.decisionRecorded, .minutesPublished, .announcement], "newest first; minutes once")
            #expect(all.allSatisfy { $0.bodyID == early })
            #expect(try await feed.feed(.init(kind: .announcement)).map(\.title) == ["Spring data walk"])
            try await s.viewer.get(app, "/i/river/updates?kind=decision_recorded") { res in
                #expect(res.text.contains("Decided at “Monthly meeting”: Coach every center"))
                #expect(!res.text.contains("Spring data walk"))
            }
            try await s.viewer.get(app, "/i/river/updates") { res in
                #expect(res.text.contains("Save the &lt;em&gt;date&lt;/em&gt;."))
                #expect(!res.text.contains("Post an announcement"))
            }
            try await s.viewer.get(app, "/i/river") { res in #expect(res.text.contains("Latest updates") && res.text.contains("Spring data walk")) }

            // The same through the API, with its filters checked.
            let viewer = try #require(try await UserRepository(db: app.db).find(email: "viewer@example.org"))
            let auth: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: viewer))"]
            try await app.testing().test(.GET, "/api/v1/initiatives/river/updates?kind=announcement&body=\(early)", headers: auth) { res in
                let list = try res.content.decode(ListDTO<UpdateAPI.UpdateDTO>.self)
                #expect(list.items.map(\.title) == ["Spring data walk"])
            }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/updates?kind=gossip", headers: auth) { #expect($0.status == .unprocessableEntity) }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/updates?partner=someone", headers: auth) { #expect($0.status == .unprocessableEntity) }

            // Another initiative's feed is its own.
            let elsewhere = try await Fixtures(app).initiative("elsewhere")
            #expect(try await UpdateRepository(db: app.db, scope: InitiativeScope(verifiedInitiativeID: elsewhere.id!)).feed().isEmpty)
        }
    }

    @Test("an approved report, a target it makes the initiative reach (once) and a published agenda version are recorded with their partner and link")
    func approvalsAndAgenda() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let id = s.served.id!.uuidString
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            let definition = try #require(try await IndicatorRepository(db: app.db, scope: scope).listing().first).current.definition
            try await TargetRepository(db: app.db, scope: scope).set(indicator: s.served, organizationID: nil,
                                                                      baseline: .init(date: Date.utcDay("2025-01-01")!, value: 0),
                                                                      target: .init(date: Date.utcDay("2027-12-31")!, value: 10), definition: definition, now: Date())
            try await s.steward.post(app, "/i/river/reporting/\(s.partner.id!)/\(ReportingPagesTests.thisMonth)", ["action": "submit", "revision": "0", "\(id).total.value": "13",
                "\(id).cell.gender.female.value": "7", "\(id).cell.gender.male.value": "4", "\(id).cell.gender.another.value": "0",
                "\(id).cell.gender.unknown.value": "2"]) { #expect($0.status == .seeOther) }
            let submission = try #require(try await SubmissionModel.query(on: app.db).first())
            try await s.admin.post(app, "/i/river/review/\(submission.id!)", ["decision": "approve"]) { #expect($0.status == .seeOther) }
            try await s.admin.post(app, "/i/river/agenda/publish", AgendaTests.fields(AgendaTests.first, revision: 0)) { #expect($0.status == .seeOther) }
            let feed = UpdateRepository(db: app.db, scope: InitiativeScope(verifiedInitiativeID: s.partner.initiativeID))
            #expect(try await feed.feed().map(\.parsedKind) == [.agendaPublished, .targetReached, .dataApproved])
            #expect(try await feed.feed(.init(kind: .targetReached)).first?.title == "People served reached its target: 13 (target 10)")
            // Reopened, resubmitted and approved again: the target was already reached, not announced twice.
            try await s.admin.post(app, "/i/river/review/\(submission.id!)", ["decision": "reopen", "comment": "One more look"]) { #expect($0.status == .seeOther) }
            let reopened = try #require(try await SubmissionModel.find(submission.id, on: app.db))
            try await s.steward.post(app, "/i/river/reporting/\(s.partner.id!)/\(ReportingPagesTests.thisMonth)", ["action": "submit", "revision": "\(reopened.revision)",
                "\(id).total.value": "13", "\(id).cell.gender.female.value": "7", "\(id).cell.gender.male.value": "4", "\(id).cell.gender.another.value": "0",
                "\(id).cell.gender.unknown.value": "2"]) { #expect($0.status == .seeOther) }
            try await s.admin.post(app, "/i/river/review/\(submission.id!)", ["decision": "approve"]) { #expect($0.status == .seeOther) }
            #expect(try await feed.feed(.init(kind: .targetReached)).count == 1)
            #expect(try await feed.feed(.init(kind: .dataApproved)).count == 2)
            let approved = try #require(try await feed.feed(.init(organizationID: s.partner.id!)).first)
            #expect(approved.title.hasPrefix("Figures of River Reads for") && approved.path == "/i/river/results")
            #expect(try await feed.feed(.init(organizationID: s.other.id!)).isEmpty)
        }
    }
}
