@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("The backbone's periodic assessment for the steering committee")
struct PeriodicAssessmentTests {
    @Test("the backbone assembles each working group's quarter, judges it and shares it: frozen, in the feed, on the committee's next agenda; the API lists it")
    func assembleJudgeShare() async throws {
        try await withBackbone { app in
            // setup: a working group owning "Reading at home", which leads to an outcome measured by People served;
            // the group's partner (River Reads) reports 30, River Club 12; a late activity; an open action item
            let s = try await GovernanceTests.setUp(app)
            let early = try await GovernanceTests.group(app, s, "Early Learning", strategies: [s.reading])
            let steering = try await GovernanceRepository(db: app.db, scope: s.scope)
                .createBody(kind: .steeringCommittee, name: "Steering Committee", charter: Charter(purpose: "Steer.", scope: "", decisionRights: ""), userID: nil, now: Date())
            try await s.admin.post(app, "/i/river/governance/\(early)/members", ["user": s.leadUser.id!.uuidString, "organization": s.reads.id!.uuidString,
                                                                                   "role": "chair", "termStart": "2026-01-01"]) { #expect($0.status == .seeOther) }
            let theory = TheoryOfChangeRepository(db: app.db, scope: s.scope)
            try await theory.link(from: s.reading, to: s.outcome)
            let served = try await IndicatorRepository(db: app.db, scope: s.scope).adopt(IndicatorCatalog.starter.entry(code: "PM-SERVED")!, now: Date())
            try await theory.attach(indicatorID: served.requireID(), to: s.outcome)
            for partner in [s.reads, s.club] {
                try await IndicatorRepository(db: app.db, scope: s.scope).assign(indicator: served, organizationID: partner.requireID(), dimensionKeys: [], now: Date())
            }
            let month = ReportingPeriod.containing(Date(), frequency: .monthly).shifted(by: -1)
            try await ScenarioPagesTests.approve(app, s, served, s.reads, month, 30)
            try await ScenarioPagesTests.approve(app, s, served, s.club, month, 12)
            try await s.admin.post(app, "/i/river/activities", GovernanceTests.activityFields(s.reads.id!, s.reading, kind: "Book bags", start: "2025-01-01",
                                                                                              end: AssessmentTests.day(-3), status: "under_way")) { #expect($0.status == .seeOther) }
            let quarter = PeriodicAssessmentDesk.defaultQuarter(today: CalendarDay(containing: Date()))
            try await GovernanceRepository(db: app.db, scope: s.scope).saveCycle(of: early, quarter: quarter.key,
                                                                                 CycleRecord(stage: .feedback, notes: [.plan: "Plan the bags.", .feedback: "Families read more."]),
                                                                                 expectedRevision: .none, userID: nil, now: Date())
            try await s.admin.post(app, "/i/river/meetings", MeetingTests.meetingFields(body: steering.id!.uuidString, title: "Committee", day: MeetingTests.dayKey(12))) {
                #expect($0.status == .seeOther)
            }
            let path = "/i/river/periodic-assessments/\(quarter.key)"

            // act + verify: the draft, assembled for the backbone only
            try await s.admin.get(app, path) { res in
                #expect(res.status == .ok)
                let text = res.text
                #expect(text.contains("Early Learning") && text.contains("Reached: Evidence-based feedback") && text.contains("Families read more."))
                #expect(text.contains("Late") && text.contains("Book bags"))
                #expect(text.contains("People served"))
                #expect(text.contains(">42<"), "the initiative's figure: both partners")
                #expect(text.contains(">30<") && text.contains("partners reporting: 1"), "the group's partners: River Reads only")
            }
            for browser in [s.viewer, s.steward] { try await browser.get(app, path) { #expect($0.status == .forbidden) } }
            try await s.lead.get(app, path) { #expect($0.status == .notFound, "a lead reads shared ones only") }
            try await s.admin.get(app, "/i/river/periodic-assessments/2026-13") { #expect($0.status == .notFound) }

            // sharing without a judgement, or with a note too long, is refused and nothing is shared
            try await s.admin.post(app, path, ["intent": "share"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Choose a judgement for this group"))
            }
            try await s.admin.post(app, path, ["judgement[\(early)]": "on_track", "note[\(early)]": String(repeating: "n", count: 2_001), "intent": "save"]) {
                #expect($0.status == .unprocessableEntity)
            }
            #expect(try await PeriodicAssessmentModel.query(on: app.db).count() == 0)
            try await s.admin.post(app, path, ["judgement[\(early)]": "needs_attention", "note[\(early)]": "Bags are late.", "intent": "save"]) {
                #expect($0.status == .seeOther)
            }
            try await s.admin.post(app, path, ["judgement[\(early)]": "on_track", "note[\(early)]": "Stale page.", "intent": "save"]) {
                #expect($0.status == .conflict, "a first save after another is stale")
            }
            try await s.admin.post(app, path, ["judgement[\(early)]": "needs_attention", "note[\(early)]": "Bags are late; ask the committee.",
                                               "intent": "share", "revision": "1"]) { res in
                #expect(res.status == .seeOther)
                #expect(res.location?.contains("periodic-shared") == true)
            }

            // verify: frozen, in the feed, on the next steering committee meeting's agenda
            try await GovernanceRepository(db: app.db, scope: s.scope).saveCycle(of: early, quarter: quarter.key,
                                                                                 CycleRecord(stage: .communicate, notes: [.communicate: "Told everyone."]),
                                                                                 expectedRevision: 1, userID: nil, now: Date())
            for browser in [s.admin, s.lead] {
                try await browser.get(app, path) { res in
                    #expect(res.status == .ok)
                    #expect(res.text.contains("Reached: Evidence-based feedback") && !res.text.contains("Told everyone."), "shared content is frozen")
                    #expect(res.text.contains("Needs attention") && res.text.contains("Bags are late; ask the committee."))
                    #expect(!res.text.contains("name=\"judgement["), "no form once shared")
                }
            }
            try await s.admin.post(app, path, ["judgement[\(early)]": "stalled", "intent": "share", "revision": "2"]) { res in
                #expect(res.status == .conflict)
                #expect(res.text.contains("has been shared"))
            }
            let feed = try await UpdateRepository(db: app.db, scope: s.scope).feed(.init(kind: .assessmentShared))
            #expect(feed.count == 1 && feed[0].path == path)
            let meeting = try #require(try await MeetingRepository(db: app.db, scope: s.scope).meetings().first { $0.title == "Committee" })
            let items = try await MeetingRepository(db: app.db, scope: s.scope).agendaItems(of: meeting.id!)
            #expect(items.contains { $0.linkedKind == LinkedKind.periodicAssessment.rawValue })
            try await s.viewer.get(app, "/i/river/meetings/\(meeting.id!)") { res in
                #expect(res.text.contains(path), "the agenda item links to the assessment")
            }

            // the API: shared ones, for those who may read them
            try await app.testing().test(.GET, "/api/v1/initiatives/river/periodic-assessments", headers: try await ScenarioPagesTests.headers(app, "lead@example.org")) { res in
                #expect(res.status == .ok)
                let body = try res.content.decode(AssessmentAPI.PeriodicListDTO.self)
                #expect(body.items.count == 1 && body.items[0].quarter == quarter.key)
                let group = try #require(body.items[0].groups.first)
                #expect(group.judgement == .needsAttention && group.indicators.first?.groupFigure == 30 && group.indicators.first?.latest == 42)
            }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/periodic-assessments", headers: try await ScenarioPagesTests.headers(app, "viewer@example.org")) {
                #expect($0.status == .forbidden)
            }
        }
    }
}
