@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Meetings, decisions and action items")
struct MeetingTests {
    static func meetingFields(body: String, title: String = "Monthly meeting", day: String, start: String = "10:00", end: String = "11:30") -> [String: String] {
        ["body": body, "title": title, "day": day, "startTime": start, "endTime": end, "timeZone": "America/New_York", "place": "Library, room 2"]
    }

    static func dayKey(_ days: Int) -> String { CalendarDay(containing: Date().addingTimeInterval(Double(days) * 86_400)).key }

    /// A working group whose chair is the lead, with a member who has no account.
    static func setUp(_ app: Application) async throws -> (GovernanceTests.Setup, UUID) {
        let s = try await GovernanceTests.setUp(app)
        let early = try await GovernanceTests.group(app, s, "Early Learning", strategies: [s.reading])
        try await s.admin.post(app, "/i/river/governance/\(early)/members", ["user": s.leadUser.id!.uuidString, "organization": s.club.id!.uuidString,
                                                                            "role": "chair", "termStart": "2025-01-01"]) { #expect($0.status == .seeOther) }
        try await s.admin.post(app, "/i/river/governance/\(early)/members", ["memberName": "Ana Ruiz", "organization": s.reads.id!.uuidString,
                                                                            "role": "member", "termStart": "2025-01-01"]) { #expect($0.status == .seeOther) }
        return (s, early)
    }

    @Test("scheduling: a meeting ending before it starts is refused with nothing written; chairs schedule their own group's meetings only; members are invited")
    func scheduling() async throws {
        try await withBackbone { app in
            // setup
            let (s, early) = try await Self.setUp(app)
            let meetings = MeetingRepository(db: app.db, scope: s.scope)

            // act: refusals
            try await s.lead.post(app, "/i/river/meetings", Self.meetingFields(body: early.uuidString, day: Self.dayKey(7), start: "11:00", end: "10:00")) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("The meeting ends (10:00) before it starts (11:00)."))
                #expect(res.text.contains("value=\"Monthly meeting\""), "what was typed is kept")
            }
            var bad = Self.meetingFields(body: early.uuidString, day: Self.dayKey(7))
            bad["timeZone"] = "Harbor/County"
            bad["videoURL"] = "javascript:alert(1)"
            try await s.lead.post(app, "/i/river/meetings", bad) { res in
                #expect(res.text.contains("Choose a time zone from the list."))
            }
            try await s.lead.post(app, "/i/river/meetings", Self.meetingFields(body: "all", day: Self.dayKey(7))) { #expect($0.status == .forbidden) }
            try await s.steward.post(app, "/i/river/meetings", Self.meetingFields(body: early.uuidString, day: Self.dayKey(7))) { #expect($0.status == .forbidden) }
            var script = Self.meetingFields(body: early.uuidString, day: Self.dayKey(7))
            script["videoURL"] = "javascript:alert(1)"
            try await s.lead.post(app, "/i/river/meetings", script) { res in
                #expect(res.text.contains("Give the video link as a full address starting with https://"))
            }
            #expect(try await meetings.meetings().isEmpty)

            // verify: the chair schedules; the group's members with an account are invited
            try await s.lead.post(app, "/i/river/meetings", Self.meetingFields(body: early.uuidString, day: Self.dayKey(7))) { #expect($0.status == .seeOther) }
            let meeting = try #require(try await meetings.meetings().first)
            #expect(meeting.time.fields.start == "10:00" && meeting.timeZone == "America/New_York")
            #expect(try await meetings.invitees(of: meeting.id!).map(\.userID) == [s.leadUser.id!], "Ana Ruiz has no account")
            try await s.admin.post(app, "/i/river/meetings", Self.meetingFields(body: "all", title: "All partners", day: Self.dayKey(10))) { #expect($0.status == .seeOther) }
            let all = try #require(try await meetings.meetings().first { $0.bodyID == nil })
            #expect(try await meetings.invitees(of: all.id!).count == 5, "every member of the initiative")

            // An invitee answers for themselves only; attendance is for those keeping the record.
            let path = "/i/river/meetings/\(meeting.id!)"
            try await s.lead.post(app, path + "/attendance", ["status": "declined"]) { #expect($0.status == .seeOther) }
            try await s.viewer.post(app, path + "/attendance", ["status": "accepted"]) { res in #expect(res.text.contains("This person is not invited")) }
            try await s.steward.post(app, path + "/attendance", ["status": "attended", "user": s.leadUser.id!.uuidString]) { #expect($0.status == .forbidden) }
            #expect(try await meetings.invitees(of: meeting.id!).first?.parsedStatus == .declined)

            // A private calendar address lists the person's meetings; replacing it stops the old one.
            var address = ""
            try await s.lead.post(app, "/account/calendar", [:]) { res in
                #expect(res.status == .ok)
                address = res.text.components(separatedBy: "id=\"calendar-url\">").last?.components(separatedBy: "<").first ?? ""
            }
            let feedPath = try #require(address.range(of: "/calendar/").map { String(address[$0.lowerBound...]) })
            try await app.testing().test(.GET, feedPath) { res in
                #expect(res.status == .ok && res.headers.contentType?.description.hasPrefix("text/calendar") == true)
                #expect(res.text.contains("SUMMARY:Monthly meeting (Initiative river)") && res.text.contains("SUMMARY:All partners (Initiative river)"))
                #expect(res.text.components(separatedBy: "BEGIN:VEVENT").count == 3, "the two meetings the lead is invited to")
            }
            try await s.lead.post(app, "/account/calendar", [:]) { #expect($0.status == .ok) }
            try await app.testing().test(.GET, feedPath) { #expect($0.status == .notFound, "replaced") }
            try await app.testing().test(.GET, "/calendar/cal_nothing.ics") { #expect($0.status == .notFound) }

            // The calendar file.
            try await s.viewer.get(app, path + "/calendar.ics") { res in
                #expect(res.status == .ok)
                #expect(res.headers.contentType?.description.hasPrefix("text/calendar") == true)
                #expect(res.text.contains("SUMMARY:Monthly meeting") && res.text.contains("LOCATION:Library\\, room 2"))
                #expect(res.text.contains("DTSTART:" + CalendarFile.utc(meeting.startsAt)))
            }
        }
    }

    @Test("minutes refuse a stale save; decisions form a searchable log; action items go to members only, carry over until done, and show on the owner's home page")
    func recordAndCarryOver() async throws {
        try await withBackbone { app in
            // setup
            let (s, early) = try await Self.setUp(app)
            let meetings = MeetingRepository(db: app.db, scope: s.scope)
            try await s.admin.post(app, "/i/river/meetings", Self.meetingFields(body: early.uuidString, title: "First", day: Self.dayKey(-20))) { #expect($0.status == .seeOther) }
            try await s.admin.post(app, "/i/river/meetings", Self.meetingFields(body: early.uuidString, title: "Second", day: Self.dayKey(-5))) { #expect($0.status == .seeOther) }
            try await s.admin.post(app, "/i/river/meetings", Self.meetingFields(body: early.uuidString, title: "Third", day: Self.dayKey(9))) { #expect($0.status == .seeOther) }
            try await s.admin.post(app, "/i/river/meetings", Self.meetingFields(body: "all", title: "All partners", day: Self.dayKey(3))) { #expect($0.status == .seeOther) }
            let byTitle = Dictionary(uniqueKeysWithValues: try await meetings.meetings().map { ($0.title, $0) })
            let first = "/i/river/meetings/\(byTitle["First"]!.id!)"

            // act: minutes, with a stale second save
            try await s.lead.post(app, first + "/minutes", ["minutes": "We met.", "revision": "1"]) { #expect($0.status == .seeOther) }
            try await s.lead.post(app, first + "/minutes", ["minutes": "Overwrite.", "revision": "1"]) { res in
                #expect(res.status == .conflict)
                #expect(res.text.contains("Overwrite."))
            }
            try await s.steward.post(app, first + "/minutes", ["minutes": "Mine.", "revision": "2"]) { #expect($0.status == .forbidden) }
            #expect(try await meetings.meeting(byTitle["First"]!.id!)?.minutes == "We met.")

            // Decisions, searchable by any words, case and accents aside.
            try await s.lead.post(app, first + "/decisions", ["decision": "Add coaching visits at every center", "rationale": "Training alone did not change practice.",
                                                            "decisionLink": "strategy:\(s.reading.uuidString)"]) { #expect($0.status == .seeOther) }
            try await s.lead.post(app, first + "/decisions", ["decision": " ", "rationale": ""]) { res in #expect(res.text.contains("Write what was decided.")) }
            try await s.lead.post(app, first + "/decisions", ["decision": "X", "decisionLink": "strategy:\(UUID().uuidString)"]) { #expect($0.status == .unprocessableEntity) }
            try await s.admin.post(app, "/i/river/meetings/\(byTitle["All partners"]!.id!)/decisions", ["decision": "Hold the data walk in spring",
                                                                                                     "rationale": "Before budgets — and before coaching plans."]) { #expect($0.status == .seeOther) }
            #expect(try await meetings.decisions(matching: "COACHING").count == 2, "the decision and the other's reasons")
            #expect(try await meetings.decisions(matching: "coaching spring").map(\.text) == ["Hold the data walk in spring"], "every word must appear")
            #expect(try await meetings.decisions(matching: "coaching", bodyID: early).count == 1)
            #expect(try await meetings.decisions(matching: "budgéts").count == 1, "accents aside")
            try await s.viewer.get(app, "/i/river/decisions?q=training+practice") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("1 decision matches.") && res.text.contains("Add coaching visits at every center"))
                #expect(!res.text.contains("Hold the data walk"))
            }

            // Action items: only for members of the initiative.
            let outsider = try await Fixtures(app).user("outsider@example.org")
            try await s.lead.post(app, first + "/actions", ["actionText": "Schedule visits", "owner": outsider.id!.uuidString, "dueOn": Self.dayKey(-10)]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("The owner must be a member of this initiative."))
            }
            try await s.lead.post(app, first + "/actions", ["actionText": "Schedule visits", "owner": s.leadUser.id!.uuidString, "dueOn": "soon"]) { res in
                #expect(res.text.contains("Give the due day as a date"))
            }
            let steward = try #require(try await UserRepository(db: app.db).find(email: "steward@example.org"))
            try await s.lead.post(app, first + "/actions", ["actionText": "Draft the reading guide", "owner": steward.id!.uuidString, "dueOn": Self.dayKey(-2)]) { #expect($0.status == .seeOther) }
            try await s.lead.post(app, first + "/actions", ["actionText": "Book the room", "owner": s.leadUser.id!.uuidString, "dueOn": Self.dayKey(-15)]) { #expect($0.status == .seeOther) }
            let items = try await meetings.actionItems(raisedIn: [byTitle["First"]!.id!])
            let room = try #require(items.first { $0.text == "Book the room" })
            // The room was booked before the second meeting: only the guide is carried into it.
            try await meetings.setStatus(of: room, to: .done, now: byTitle["First"]!.startsAt.addingTimeInterval(86_400))
            try await s.viewer.get(app, "/i/river/meetings/\(byTitle["Second"]!.id!)") { res in
                #expect(res.text.contains("Carried over from earlier meetings") && res.text.contains("Draft the reading guide"))
                #expect(!res.text.contains("Book the room"))
            }
            #expect(try await meetings.carriedOver(into: byTitle["Third"]!).map(\.text) == ["Draft the reading guide"])
            #expect(try await meetings.carriedOver(into: byTitle["All partners"]!).isEmpty, "another body's items stay with it")

            // The owner sees it at home, overdue, and closes it there; someone else may not.
            try await s.steward.get(app, "/i/river") { res in
                #expect(res.text.contains("Your action items") && res.text.contains("Draft the reading guide") && res.text.contains("Overdue"))
            }
            let guide = try #require(items.first { $0.text == "Draft the reading guide" })
            try await s.viewer.post(app, first + "/actions/status", ["item": guide.id!.uuidString, "status": "done"]) { #expect($0.status == .forbidden) }
            try await s.steward.post(app, first + "/actions/status", ["item": guide.id!.uuidString, "status": "done", "back": "home"]) { res in
                #expect(res.status == .seeOther)
                #expect(res.location?.hasPrefix("/i/river?") == true)
            }
            #expect(try await meetings.carriedOver(into: byTitle["Third"]!).isEmpty, "closed before the third meeting")
            #expect(try await meetings.carriedOver(into: byTitle["Second"]!).map(\.text) == ["Draft the reading guide"], "the second meeting's record stays as it was")
            try await s.steward.get(app, "/i/river") { res in #expect(!res.text.contains("Your action items")) }

            // The same record through the API.
            let auth: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: steward))"]
            try await app.testing().test(.GET, "/api/v1/initiatives/river/meetings", headers: auth) { res in
                let list = try res.content.decode(ListDTO<MeetingAPI.MeetingDTO>.self)
                #expect(list.items.map(\.title) == ["First", "Second", "All partners", "Third"])
                #expect(list.items[0].minutes == "We met." && list.items[2].bodyID == nil)
            }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/decisions?q=coaching&body=\(early)", headers: auth) { res in
                let list = try res.content.decode(ListDTO<MeetingAPI.DecisionDTO>.self)
                #expect(list.items.map(\.text) == ["Add coaching visits at every center"] && list.items[0].linkedID == s.reading)
            }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/decisions?body=early", headers: auth) { #expect($0.status == .unprocessableEntity) }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/action-items", headers: auth) { res in
                let mine = try res.content.decode(ListDTO<MeetingAPI.ActionItemDTO>.self)
                #expect(mine.items.isEmpty, "the steward's one item is done")
            }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/action-items?scope=all", headers: auth) { #expect($0.status == .forbidden) }
            let adminUser = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
            let adminAuth: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: adminUser))"]
            try await app.testing().test(.GET, "/api/v1/initiatives/river/action-items?scope=all", headers: adminAuth) { res in
                let all = try res.content.decode(ListDTO<MeetingAPI.ActionItemDTO>.self)
                #expect(all.items.map(\.status).sorted() == ["done", "done"])
            }
        }
    }

    @Test("the data walk packet shows the indicators the body's strategies work toward; other initiatives see no meeting")
    func packetAndTenancy() async throws {
        try await withBackbone { app in
            let (s, early) = try await Self.setUp(app)
            let scope = s.scope
            let theory = TheoryOfChangeRepository(db: app.db, scope: scope)
            let served = try await IndicatorRepository(db: app.db, scope: scope).adopt(IndicatorCatalog.starter.entry(code: "PM-SERVED")!, now: Date())
            let sessions = try await IndicatorRepository(db: app.db, scope: scope).adopt(IndicatorCatalog.starter.entry(code: "PM-SESSIONS")!, now: Date())
            try await theory.link(from: s.reading, to: s.outcome)
            try await theory.attach(indicatorID: served.requireID(), to: s.outcome)
            let summerOutcome = try await theory.addNode(kind: .outcome, title: "Kids keep reading", description: "", now: Date())
            try await theory.link(from: s.summer, to: summerOutcome.requireID())
            try await theory.attach(indicatorID: sessions.requireID(), to: summerOutcome.requireID())
            try await s.admin.post(app, "/i/river/meetings", Self.meetingFields(body: early.uuidString, day: Self.dayKey(4))) { #expect($0.status == .seeOther) }
            let meeting = try #require(try await MeetingRepository(db: app.db, scope: scope).meetings().first)
            try await s.viewer.get(app, "/i/river/meetings/\(meeting.id!)/packet") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("People served"), "measures the outcome Early Learning's strategy feeds")
                #expect(!res.text.contains(sessions.name), "another group's outcome is not in this packet")
                #expect(res.text.contains("first meeting of Early Learning"))
            }

            let elsewhere = try await Fixtures(app).initiative("elsewhere")
            let outsider = try await Fixtures(app).user("outsider@example.org")
            try await Fixtures(app).member(outsider, of: elsewhere, at: try await Fixtures(app).organization("Elsewhere Org", in: elsewhere), as: .backboneAdmin)
            let browser = try await Fixtures(app).session(for: outsider)
            for path in ["/i/river/meetings/\(meeting.id!)", "/i/elsewhere/meetings/\(meeting.id!)", "/i/elsewhere/meetings/\(meeting.id!)/calendar.ics",
                         "/i/elsewhere/meetings/\(meeting.id!)/packet"] {
                try await browser.get(app, path) { #expect($0.status == .notFound, "\(path)") }
            }
            try await browser.post(app, "/i/elsewhere/meetings/\(meeting.id!)/minutes", ["minutes": "x", "revision": "1"]) { #expect($0.status == .notFound) }
            try await browser.get(app, "/i/elsewhere/decisions") { res in #expect(res.status == .ok && res.text.contains("0 decisions.")) }
        }
    }
}
