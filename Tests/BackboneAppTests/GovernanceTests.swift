@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Governance and the action plan")
struct GovernanceTests {
    struct Setup {
        let admin: Browser, steward: Browser, lead: Browser, otherLead: Browser, viewer: Browser
        let leadUser: UserModel
        let scope: InitiativeScope
        let backbone: OrganizationModel, reads: OrganizationModel, club: OrganizationModel
        let reading: UUID, summer: UUID, outcome: UUID
    }

    static func setUp(_ app: Application) async throws -> Setup {
        let fixtures = Fixtures(app)
        let initiative = try await fixtures.initiative("river")
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let backbone = try await fixtures.organization("River Forward", in: initiative)
        let reads = try await fixtures.organization("River Reads", in: initiative)
        let club = try await fixtures.organization("River Club", in: initiative)
        var browsers: [Browser] = []
        var users: [UserModel] = []
        for (email, org, role) in [("admin@example.org", backbone, Role.backboneAdmin), ("steward@example.org", reads, .partnerDataSteward),
                                   ("lead@example.org", club, .workingGroupLead), ("other.lead@example.org", reads, .workingGroupLead),
                                   ("viewer@example.org", reads, .partnerViewer)] {
            let user = try await fixtures.user(email)
            try await fixtures.member(user, of: initiative, at: org, as: role)
            users.append(user)
            browsers.append(try await fixtures.session(for: user))
        }
        let theory = TheoryOfChangeRepository(db: app.db, scope: scope)
        let reading = try await theory.addNode(kind: .strategy, title: "Reading at home", description: "", now: Date()).requireID()
        let summer = try await theory.addNode(kind: .strategy, title: "Summer learning", description: "", now: Date()).requireID()
        let outcome = try await theory.addNode(kind: .outcome, title: "Families read daily", description: "", now: Date()).requireID()
        return Setup(admin: browsers[0], steward: browsers[1], lead: browsers[2], otherLead: browsers[3], viewer: browsers[4], leadUser: users[2],
                     scope: scope, backbone: backbone, reads: reads, club: club, reading: reading, summer: summer, outcome: outcome)
    }

    /// A working group set up through the form, with the given strategies.
    static func group(_ app: Application, _ s: Setup, _ name: String, strategies: [UUID]) async throws -> UUID {
        try await s.admin.post(app, "/i/river/governance", ["kind": "working_group", "name": name, "purpose": "Work on \(name)."]) { #expect($0.status == .seeOther) }
        let id = try #require(try await GovernanceRepository(db: app.db, scope: s.scope).bodies().first { $0.name == name }?.requireID())
        for strategy in strategies {
            try await s.admin.post(app, "/i/river/governance/\(id)/strategies", ["strategy": strategy.uuidString]) { #expect($0.status == .seeOther) }
        }
        return id
    }

    static func activityFields(_ organization: UUID, _ strategy: UUID, kind: String = "Reading camp", start: String = "2026-06-01",
                               end: String = "2026-08-31", status: String = "planned") -> [String: String] {
        ["organization": organization.uuidString, "strategy": strategy.uuidString, "kind": kind, "population": "Children in K-3",
         "geography": "Northside", "startsOn": start, "endsOn": end, "status": status]
    }

    @Test("the backbone sets up bodies and charters; bad input, a second steering committee and a stale charter are refused with nothing changed")
    func bodiesAndCharters() async throws {
        try await withBackbone { app in
            // setup
            let s = try await Self.setUp(app)
            let governance = GovernanceRepository(db: app.db, scope: s.scope)

            // act and verify: refusals first
            try await s.admin.post(app, "/i/river/governance", ["kind": "working_group", "name": " ", "purpose": ""]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Give the body a name.") && res.text.contains("Say in a sentence or two what the body is for."))
            }
            try await s.admin.post(app, "/i/river/governance", ["kind": "committee", "name": "X", "purpose": "Y"]) { #expect($0.status == .unprocessableEntity) }
            try await s.steward.post(app, "/i/river/governance", ["kind": "working_group", "name": "Mine", "purpose": "Y"]) { #expect($0.status == .forbidden) }
            try await s.lead.post(app, "/i/river/governance", ["kind": "working_group", "name": "Mine", "purpose": "Y"]) { #expect($0.status == .forbidden) }
            #expect(try await governance.bodies().isEmpty)

            try await s.admin.post(app, "/i/river/governance", ["kind": "steering_committee", "name": "Steering Committee", "purpose": "Steer."]) { #expect($0.status == .seeOther) }
            try await s.admin.post(app, "/i/river/governance", ["kind": "steering_committee", "name": "Second Committee", "purpose": "Steer."]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("already has a steering committee"))
            }
            let early = try await Self.group(app, s, "Early Learning", strategies: [s.reading])
            try await s.admin.post(app, "/i/river/governance", ["kind": "working_group", "name": "early learning", "purpose": "Again."]) { res in
                #expect(res.text.contains("There is already a body called"))
            }
            #expect(try await governance.bodies().count == 2)

            // A strategy has one owner among open groups.
            let summer = try await Self.group(app, s, "Summer", strategies: [s.summer])
            try await s.admin.post(app, "/i/river/governance/\(summer)/strategies", ["strategy": s.reading.uuidString]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("already belongs to Early Learning"))
            }
            try await s.admin.post(app, "/i/river/governance/\(summer)/strategies", ["strategy": s.outcome.uuidString]) { res in
                #expect(res.text.contains("Choose one of the strategies"), "an outcome is not a strategy")
            }

            // Charter: saved at the revision read; a second save from the same revision is stale.
            let fields = ["name": "Early Learning", "purpose": "Ready for kindergarten.", "scope": "Birth to five.", "decisionRights": "Its own plan.", "revision": "1"]
            try await s.admin.post(app, "/i/river/governance/\(early)/charter", fields) { #expect($0.status == .seeOther) }
            var stale = fields
            stale["scope"] = "Everything."
            try await s.admin.post(app, "/i/river/governance/\(early)/charter", stale) { res in
                #expect(res.status == .conflict)
                #expect(res.text.contains("Someone else changed this"))
                #expect(res.text.contains("Everything."), "the typed text is kept")
            }
            #expect(try await governance.body(early)?.scope == "Birth to five.")
            try await s.lead.post(app, "/i/river/governance/\(early)/charter", fields) { #expect($0.status == .forbidden) }

            // Everyone reads the structure, its diagram and the body's page.
            try await s.viewer.get(app, "/i/river/governance") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("Governance structure of"))
                #expect(res.text.contains("href=\"/i/river/governance/\(early.uuidString)\""))
                #expect(!res.text.contains("Set up a body"))
            }
            try await s.viewer.get(app, "/i/river/governance/\(early)") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("Birth to five.") && res.text.contains("Reading at home"))
                #expect(!res.text.contains("Change the charter"))
            }
        }
    }

    @Test("members have terms that cannot end before they start; a chairing lead edits their own group's members and cycle, not another's")
    func membersAndCycle() async throws {
        try await withBackbone { app in
            // setup
            let s = try await Self.setUp(app)
            let governance = GovernanceRepository(db: app.db, scope: s.scope)
            let early = try await Self.group(app, s, "Early Learning", strategies: [s.reading])
            let summer = try await Self.group(app, s, "Summer", strategies: [s.summer])
            let member = ["memberName": "Ana Ruiz", "organization": s.reads.id!.uuidString, "role": "member", "termStart": "2026-01-01"]

            // act: bad terms and organizations are refused, nothing written
            var backwards = member
            backwards["termEnd"] = "2025-12-31"
            try await s.admin.post(app, "/i/river/governance/\(early)/members", backwards) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("The last day (2025-12-31) is before the first day (2026-01-01)."))
                #expect(res.text.contains("value=\"Ana Ruiz\""))
            }
            var foreign = member
            let elsewhere = try await Fixtures(app).initiative("elsewhere")
            foreign["organization"] = try await Fixtures(app).organization("Elsewhere Org", in: elsewhere).requireID().uuidString
            try await s.admin.post(app, "/i/river/governance/\(early)/members", foreign) { res in
                #expect(res.text.contains("Choose one of this initiative's organizations."))
            }
            #expect(try await governance.members().isEmpty)

            // The lead is not yet a chair: a working-group lead role alone edits nothing.
            try await s.lead.post(app, "/i/river/governance/\(early)/members", member) { #expect($0.status == .forbidden) }
            try await s.admin.post(app, "/i/river/governance/\(early)/members", ["user": s.leadUser.id!.uuidString, "organization": s.club.id!.uuidString,
                                                                                "role": "chair", "termStart": "2025-01-01"]) { #expect($0.status == .seeOther) }
            let chair = try #require(try await governance.members().first)
            #expect(chair.name == "lead", "the account's name is used when none is typed")

            // verify: now the lead edits this group, and only this one
            try await s.lead.post(app, "/i/river/governance/\(early)/members", member) { #expect($0.status == .seeOther) }
            try await s.lead.post(app, "/i/river/governance/\(summer)/members", member) { #expect($0.status == .forbidden) }
            try await s.otherLead.post(app, "/i/river/governance/\(early)/members", member) { #expect($0.status == .forbidden) }
            try await s.steward.post(app, "/i/river/governance/\(early)/members", member) { #expect($0.status == .forbidden) }
            try await s.lead.post(app, "/i/river/governance/\(early)/status", ["status": "paused"]) { #expect($0.status == .forbidden) }

            let quarter = CalendarDay(containing: Date()).quarter.key
            let cycle = ["quarter": quarter, "stage": "do", "note.plan": "Train staff.", "note.do": "Training under way.", "revision": "0"]
            try await s.lead.post(app, "/i/river/governance/\(early)/cycle", cycle) { #expect($0.status == .seeOther) }
            try await s.lead.post(app, "/i/river/governance/\(early)/cycle", cycle) { res in
                #expect(res.status == .conflict, "saved from revision 0 again: someone's change would be lost")
            }
            try await s.lead.post(app, "/i/river/governance/\(early)/cycle", ["quarter": quarter, "stage": "feedback", "revision": "1"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Say in a line where the group stands in this step."))
            }
            try await s.lead.post(app, "/i/river/governance/\(early)/cycle", ["quarter": "2026-13", "stage": "plan", "revision": "0"]) { res in
                #expect(res.text.contains("Give the quarter as for example 2026-Q3."))
            }
            try await s.lead.post(app, "/i/river/governance/\(summer)/cycle", cycle) { #expect($0.status == .forbidden) }
            let saved = try await governance.cycles(of: [early])
            #expect(saved.count == 1 && saved[0].record.stage == .do && saved[0].revision == 1)
            try await s.admin.get(app, "/i/river/governance/cycles") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("Training under way.") && res.text.contains("Not recorded"))
            }

            // An ended term ends the right to edit.
            try await s.admin.post(app, "/i/river/governance/\(early)/members/end", ["member": chair.id!.uuidString]) { #expect($0.status == .seeOther) }
            let yesterday = CalendarDay(containing: Date().addingTimeInterval(-86_400))
            try await governance.endTerm(memberID: chair.requireID(), of: early, on: yesterday)
            try await s.lead.post(app, "/i/river/governance/\(early)/members", member) { #expect($0.status == .forbidden) }
            #expect(try await governance.members(of: [early]).count == 2, "the ended seat stays on the record")
        }
    }

    @Test("merging and closing keep a group's history; a closed group takes no new members")
    func mergeKeepsHistory() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            let governance = GovernanceRepository(db: app.db, scope: s.scope)
            let early = try await Self.group(app, s, "Early Learning", strategies: [s.reading])
            let summer = try await Self.group(app, s, "Summer Task Force", strategies: [s.summer])
            try await s.admin.post(app, "/i/river/governance/\(summer)/members", ["memberName": "Ana Ruiz", "organization": s.reads.id!.uuidString,
                                                                                 "role": "chair", "termStart": "2026-01-01"]) { #expect($0.status == .seeOther) }
            try await s.admin.post(app, "/i/river/governance/\(summer)/merge", ["into": summer.uuidString]) { res in
                #expect(res.text.contains("A group cannot be merged into itself."))
            }
            try await s.admin.post(app, "/i/river/governance/\(summer)/merge", ["into": early.uuidString]) { #expect($0.status == .seeOther) }

            let merged = try #require(try await governance.body(summer))
            #expect(merged.parsedStatus == .closed && merged.mergedIntoID == early)
            #expect(Set(try await governance.strategies()[early] ?? []) == [s.reading, s.summer])
            #expect(try await governance.strategies()[summer] == [s.summer], "the record keeps what it owned")
            #expect(try await governance.members(of: [summer]).count == 1)
            #expect(try await governance.statusEvents(of: summer).last?.note == "Merged into Early Learning.")
            try await s.admin.post(app, "/i/river/governance/\(summer)/status", ["status": "active"]) { res in
                #expect(res.text.contains("merged into another"))
            }
            try await s.admin.post(app, "/i/river/governance/\(summer)/members", ["memberName": "Late", "organization": s.reads.id!.uuidString,
                                                                                 "role": "member", "termStart": "2026-01-01"]) { res in
                #expect(res.text.contains("This body is closed"))
            }
            try await s.admin.post(app, "/i/river/governance/\(early)/status", ["status": "paused", "note": "Funding decision pending."]) { #expect($0.status == .seeOther) }
            #expect(try await governance.statusEvents(of: early).map(\.status) == ["forming", "forming", "paused"])
            try await s.viewer.get(app, "/i/river/governance") { res in
                #expect(res.text.contains("Closed and merged groups") && res.text.contains("merged into Early Learning"))
            }
        }
    }

    @Test("activities: partners add their own, chairs those under their group's strategies; another initiative's strategy and bad days are refused; the coverage matrix shows gaps and duplication")
    func activitiesAndCoverage() async throws {
        try await withBackbone { app in
            // setup
            let s = try await Self.setUp(app)
            let activities = ActivityRepository(db: app.db, scope: s.scope)
            let early = try await Self.group(app, s, "Early Learning", strategies: [s.reading])
            try await s.admin.post(app, "/i/river/governance/\(early)/members", ["user": s.leadUser.id!.uuidString, "organization": s.club.id!.uuidString,
                                                                                "role": "co_chair", "termStart": "2025-01-01"]) { #expect($0.status == .seeOther) }
            try await s.viewer.get(app, "/i/river/activities") { res in
                #expect(res.text.contains("No partner is working on these strategies now"))
                #expect(res.text.components(separatedBy: "status status-bad\">Gap").count == 3, "both strategies are gaps")
                #expect(!res.text.contains("Add an activity"))
            }

            // act: the steward adds their own organization's activity, not another's
            try await s.steward.post(app, "/i/river/activities", Self.activityFields(s.reads.id!, s.summer)) { #expect($0.status == .seeOther) }
            try await s.steward.post(app, "/i/river/activities", Self.activityFields(s.club.id!, s.summer)) { #expect($0.status == .forbidden) }
            try await s.viewer.post(app, "/i/river/activities", Self.activityFields(s.reads.id!, s.summer)) { #expect($0.status == .forbidden) }
            // The chairing lead adds for any partner under the group's strategy, not under another.
            try await s.lead.post(app, "/i/river/activities", Self.activityFields(s.reads.id!, s.reading, kind: "Family reading nights")) { #expect($0.status == .seeOther) }
            try await s.otherLead.post(app, "/i/river/activities", Self.activityFields(s.club.id!, s.reading)) { #expect($0.status == .forbidden) }
            try await s.lead.post(app, "/i/river/activities", Self.activityFields(s.backbone.id!, s.summer)) { #expect($0.status == .forbidden) }

            // Bad input, nothing written.
            let fixtures = Fixtures(app)
            let elsewhere = try await fixtures.initiative("elsewhere")
            let foreignStrategy = try await TheoryOfChangeRepository(db: app.db, scope: InitiativeScope(verifiedInitiativeID: elsewhere.id!))
                .addNode(kind: .strategy, title: "Their strategy", description: "", now: Date()).requireID()
            try await s.admin.post(app, "/i/river/activities", Self.activityFields(s.reads.id!, foreignStrategy)) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Choose one of the strategies of this initiative"))
            }
            try await s.admin.post(app, "/i/river/activities", Self.activityFields(s.reads.id!, s.outcome)) { #expect($0.status == .unprocessableEntity) }
            try await s.admin.post(app, "/i/river/activities", Self.activityFields(s.reads.id!, s.summer, start: "2026-09-01", end: "2026-06-30")) { res in
                #expect(res.text.contains("The last day (2026-06-30) is before the first day (2026-09-01)."))
            }
            try await s.admin.post(app, "/i/river/activities", Self.activityFields(s.reads.id!, s.summer, kind: " ", status: "paused")) { res in
                #expect(res.text.contains("Say what kind of activity this is") && res.text.contains("Choose where the activity stands"))
            }
            #expect(try await activities.all().count == 2)

            // verify: no gap left; the same camp by a second partner is flagged as possible duplication
            try await s.admin.get(app, "/i/river/activities") { res in
                #expect(res.text.contains("Every strategy has at least one planned or under-way activity."))
                #expect(res.text.contains("No two partners do the same kind of activity"))
            }
            try await s.admin.post(app, "/i/river/activities", Self.activityFields(s.club.id!, s.summer, kind: "reading  CAMP", status: "under_way")) { #expect($0.status == .seeOther) }
            try await s.viewer.get(app, "/i/river/activities") { res in
                #expect(res.text.contains("Reading camp, for Children in K-3, in Northside"))
                #expect(res.text.contains("River Club, River Reads"))
                #expect(res.text.contains("possible duplication"))
            }
            try await s.viewer.get(app, "/i/river/activities/timeline") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("class=\"chart timeline\"") && res.text.contains("Family reading nights"))
            }
            try await s.viewer.get(app, "/i/river/partners/\(s.reads.id!)") { res in
                #expect(res.text.contains("Family reading nights") && res.text.contains("Reading at home"), "the partner's page lists its commitments")
                #expect(!res.text.contains("reading  CAMP"), "not another partner's")
            }

            // Editing: the owner changes it at the revision read; a stale form is refused and keeps what was typed.
            let camp = try #require(try await activities.all().first { $0.organizationID == s.reads.id && $0.strategyID == s.summer })
            var change = Self.activityFields(s.reads.id!, s.summer, status: "stalled")
            change["revision"] = "1"
            try await s.steward.post(app, "/i/river/activities/\(camp.id!)", change) { #expect($0.status == .seeOther) }
            change["kind"] = "Renamed camp"
            try await s.steward.post(app, "/i/river/activities/\(camp.id!)", change) { res in
                #expect(res.status == .conflict)
                #expect(res.text.contains("value=\"Renamed camp\""))
            }
            change["revision"] = "2"
            change["organization"] = s.club.id!.uuidString
            try await s.steward.post(app, "/i/river/activities/\(camp.id!)", change) { #expect($0.status == .forbidden, "a partner cannot hand its activity to another") }
            let reread = try #require(try await activities.find(camp.id!))
            #expect(reread.parsedStatus == .stalled && reread.kind == "Reading camp" && reread.revision == 2)
        }
    }

    @Test("the API lists bodies and activities, adds and changes activities with the same rules, and hides other initiatives")
    func api() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            let early = try await Self.group(app, s, "Early Learning", strategies: [s.reading])
            let steward = try #require(try await UserRepository(db: app.db).find(email: "steward@example.org"))
            let auth: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: steward))", "Content-Type": "application/json"]
            try await app.testing().test(.GET, "/api/v1/initiatives/river/working-groups", headers: auth) { res in
                #expect(res.status == .ok)
                let list = try res.content.decode(ListDTO<GovernanceAPI.BodyDTO>.self)
                #expect(list.items.map(\.id) == [early] && list.items[0].strategyIDs == [s.reading])
                #expect(list.items[0].history.map(\.status) == ["forming"])
            }
            func post(_ body: String, _ verify: (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, "/api/v1/initiatives/river/activities", headers: auth, beforeRequest: { $0.body = .init(string: body) }, afterResponse: verify)
            }
            let good = """
            {"organizationID":"\(s.reads.id!)","strategyID":"\(s.reading)","kind":"Tutoring","population":"K-3","geography":"Eastside","startsOn":"2026-01-05","status":"under_way"}
            """
            var created: GovernanceAPI.ActivityDTO?
            try await post(good) { res in
                #expect(res.status == .created)
                created = try res.content.decode(GovernanceAPI.ActivityDTO.self)
            }
            let activity = try #require(created)
            #expect(activity.revision == 1 && activity.endsOn == nil)
            try await post(good.replacingOccurrences(of: s.reads.id!.uuidString, with: s.club.id!.uuidString)) { #expect($0.status == .forbidden) }
            try await post(good.replacingOccurrences(of: "\"status\"", with: "\"statvs\"")) { #expect($0.status == .unprocessableEntity) }
            try await post(good.replacingOccurrences(of: "2026-01-05", with: "2026-02-30")) { #expect($0.status == .unprocessableEntity) }

            func patch(_ body: String, _ verify: (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.PATCH, "/api/v1/initiatives/river/activities/\(activity.id)", headers: auth, beforeRequest: { $0.body = .init(string: body) },
                                             afterResponse: verify)
            }
            try await patch(#"{"status":"done"}"#) { #expect($0.status == .unprocessableEntity, "the revision read is required") }
            try await patch(#"{"status":"done","endsOn":"2026-06-30","revision":1}"#) { res in
                #expect(res.status == .ok)
                let changed = try res.content.decode(GovernanceAPI.ActivityDTO.self)
                #expect(changed.status == "done" && changed.endsOn == "2026-06-30" && changed.revision == 2 && changed.kind == "Tutoring")
            }
            try await patch(#"{"status":"planned","revision":1}"#) { #expect($0.status == .conflict) }
            try await patch(#"{"endsOn":"2025-12-31","revision":2}"#) { #expect($0.status == .unprocessableEntity) }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/activities", headers: auth) { res in
                let list = try res.content.decode(ListDTO<GovernanceAPI.ActivityDTO>.self)
                #expect(list.items.map(\.status) == ["done"])
            }

            // Another initiative's member sees nothing of these.
            let elsewhere = try await Fixtures(app).initiative("elsewhere")
            let outsider = try await Fixtures(app).user("outsider@example.org")
            try await Fixtures(app).member(outsider, of: elsewhere, at: try await Fixtures(app).organization("Elsewhere Org", in: elsewhere), as: .backboneAdmin)
            let theirs: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: outsider))", "Content-Type": "application/json"]
            try await app.testing().test(.GET, "/api/v1/initiatives/river/working-groups", headers: theirs) { #expect($0.status == .notFound) }
            try await app.testing().test(.PATCH, "/api/v1/initiatives/elsewhere/activities/\(activity.id)", headers: theirs,
                                         beforeRequest: { $0.body = .init(string: #"{"status":"dropped","revision":2}"#) }) { #expect($0.status == .notFound) }
            let browser = try await Fixtures(app).session(for: outsider)
            try await browser.get(app, "/i/river/governance/\(early)") { #expect($0.status == .notFound) }
            try await browser.get(app, "/i/elsewhere/governance/\(early)") { #expect($0.status == .notFound) }
            try await browser.post(app, "/i/elsewhere/governance/\(early)/status", ["status": "closed"]) { #expect($0.status == .notFound) }
            try await browser.get(app, "/i/elsewhere/activities/\(activity.id)") { #expect($0.status == .notFound) }
        }
    }
}
