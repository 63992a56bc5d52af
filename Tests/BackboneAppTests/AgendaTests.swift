@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Common agenda: drafts, versions, comparison, endorsements")
struct AgendaTests {
    static let first = ["problemStatement": "Too few children read at grade level by third grade.",
                        "vision": "Every child in the county reads well by age nine.",
                        "results": "Third-grade reading proficiency rises to 80%\nKindergarten readiness rises to 75%",
                        "geography": "River County", "population": "Children 0 to 9 and their families", "timeFrame": "2025 to 2030",
                        "principles": "Decide with data\nCentre families", "strategies": "Early literacy at home\nSummer reading"]

    static func fields(_ content: [String: String], revision: Int, note: String = "") -> [String: String] {
        content.merging(["revision": "\(revision)", "note": note]) { $1 }
    }

    @Test("publishing makes immutable numbered versions; an empty or incomplete agenda and a stale form are refused with nothing changed")
    func versioning() async throws {
        try await withBackbone { app in
            // setup
            let s = try await ReportingPagesTests.setUp(app)
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            let agenda = AgendaRepository(db: app.db, scope: scope)

            // act + verify: an empty agenda cannot be published
            try await s.admin.post(app, "/i/river/agenda/publish", Self.fields([:], revision: 0)) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("The agenda is empty"))
            }
            // an incomplete one neither, and what was typed stays in the form
            try await s.admin.post(app, "/i/river/agenda/publish", Self.fields(["problemStatement": "Reading <b>gaps</b>"], revision: 0)) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Write the vision before publishing."))
                #expect(res.text.contains("Reading &lt;b&gt;gaps&lt;/b&gt;"), "typed text is kept, as text")
            }
            #expect(try await agenda.versions().isEmpty)
            #expect(try await agenda.draft().revision == 0, "a refused publish saves nothing, not even the draft")

            try await s.admin.post(app, "/i/river/agenda/publish", Self.fields(Self.first, revision: 0, note: "First agreed text")) {
                #expect($0.status == .seeOther)
            }
            // A form opened at revision 0 is now stale: saving or publishing from it is refused.
            var stale = Self.first
            stale["vision"] = "Overwritten by an old form"
            try await s.admin.post(app, "/i/river/agenda/draft", Self.fields(stale, revision: 0)) { res in
                #expect(res.status == .conflict)
                #expect(res.text.contains("Someone else changed the agenda"))
            }
            #expect(try await agenda.draft().content.vision == Self.first["vision"])
            // Publishing the same text again is refused: a version says something new.
            try await s.admin.post(app, "/i/river/agenda/publish", Self.fields(Self.first, revision: 1)) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Nothing changed since version 1"))
            }

            var second = Self.first
            second["results"] = "Third-grade reading proficiency rises to 80%\nChronic absence in K-3 falls below 10%"
            try await s.admin.post(app, "/i/river/agenda/draft", Self.fields(second, revision: 1)) { #expect($0.status == .seeOther) }
            try await s.admin.post(app, "/i/river/agenda/publish", Self.fields(second, revision: 2, note: "Attendance instead of readiness")) {
                #expect($0.status == .seeOther)
                #expect($0.headers.first(name: .location) == "/i/river/agenda/versions/2?done=agenda-published")
            }
            let versions = try await agenda.versions()
            #expect(versions.map(\.number) == [1, 2])
            #expect(versions[0].content.results.contains("Kindergarten readiness"), "version 1 keeps its own text after version 2")
            #expect(versions[1].note == "Attendance instead of readiness")

            // Everyone reads; the comparison marks what was removed and added, as text too.
            try await s.viewer.get(app, "/i/river/agenda/compare?from=1&to=2") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("1 of 8 sections changed: Population-level results."))
                #expect(res.text.contains("<del><span class=\"change-label\">Removed: </span>Kindergarten readiness rises to 75%</del>"))
                #expect(res.text.contains("<ins><span class=\"change-label\">Added: </span>Chronic absence in K-3 falls below 10%</ins>"))
            }
            try await s.viewer.get(app, "/i/river/agenda/versions/1") { res in
                #expect(res.text.contains("This is an older version."))
                #expect(res.text.contains("Kindergarten readiness rises to 75%"))
            }
            try await s.viewer.get(app, "/i/river/agenda/versions/9") { #expect($0.status == .notFound) }
            try await s.viewer.get(app, "/i/river/agenda/compare?from=1&to=9") { #expect($0.status == .notFound) }
        }
    }

    @Test("partners endorse a version and may withdraw; the page shows who endorses the current version and who only an older one")
    func endorsements() async throws {
        try await withBackbone { app in
            // setup: two versions
            let s = try await ReportingPagesTests.setUp(app)
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            let agenda = AgendaRepository(db: app.db, scope: scope)
            let admin = try await UserRepository(db: app.db).find(email: "admin@example.org")!
            _ = try await agenda.publish(AgendaContent(problemStatement: "P", vision: "V", results: "R1"), note: "", expectedRevision: 0, userID: admin.requireID(), now: Date())

            // act: the steward endorses version 1 for River Reads; the backbone admin for River Forward
            try await s.steward.post(app, "/i/river/agenda/endorse", ["version": "1"]) { #expect($0.status == .seeOther) }
            try await s.steward.post(app, "/i/river/agenda/endorse", ["version": "1"]) { #expect($0.status == .seeOther, "endorsing twice changes nothing") }
            try await s.admin.post(app, "/i/river/agenda/endorse", ["version": "1"]) { #expect($0.status == .seeOther) }
            _ = try await agenda.publish(AgendaContent(problemStatement: "P", vision: "V", results: "R1\nR2"), note: "", expectedRevision: 1, userID: admin.requireID(), now: Date())
            try await s.admin.post(app, "/i/river/agenda/endorse", ["version": "2"]) { #expect($0.status == .seeOther) }

            // verify
            let standings = try await agenda.standings()
            #expect(standings[s.partner.id!] == .olderOnly(version: 1))
            #expect(standings.count == 2)
            #expect(try await agenda.endorsements().filter { $0.organizationID == s.partner.id }.count == 1)
            try await s.viewer.get(app, "/i/river/agenda") { res in
                #expect(res.text.contains("1 of 3 organizations endorse the current version 2."))
                #expect(res.text.contains("Endorses only version 1, not the current one"))
                #expect(res.text.contains("Has not endorsed"), "Other Partner")
                #expect(!res.text.contains("for our organization"), "a viewer cannot endorse")
            }
            // bad input and permissions
            try await s.viewer.post(app, "/i/river/agenda/endorse", ["version": "2"]) { #expect($0.status == .forbidden) }
            try await s.steward.post(app, "/i/river/agenda/endorse", ["version": "7"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("There is no published version 7"))
            }
            try await s.steward.post(app, "/i/river/agenda/withdraw", ["version": "2"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("does not endorse version 2"))
            }
            try await s.steward.post(app, "/i/river/agenda/draft", Self.fields(Self.first, revision: 0)) { #expect($0.status == .forbidden) }
            try await s.steward.get(app, "/i/river/agenda/draft") { #expect($0.status == .forbidden) }

            // withdrawing keeps the record but ends the standing
            try await s.steward.post(app, "/i/river/agenda/withdraw", ["version": "1"]) { #expect($0.status == .seeOther) }
            #expect(try await agenda.standings()[s.partner.id!] == nil)
            let rows = try await AgendaEndorsementModel.query(on: app.db).filter(\.$organizationID == s.partner.id!).all()
            #expect(rows.count == 1 && rows[0].withdrawnAt != nil)

            // The same as data: published versions and the endorsements in force, no draft.
            try await agenda.saveDraft(AgendaContent(problemStatement: "Unpublished draft"), expectedRevision: 2, userID: admin.requireID(), now: Date())
            let viewer = try #require(try await UserRepository(db: app.db).find(email: "viewer@example.org"))
            let auth: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: viewer))"]
            try await app.testing().test(.GET, "/api/v1/initiatives/river/agenda", headers: auth) { res in
                #expect(res.status == .ok)
                #expect(!res.body.string.contains("Unpublished draft"))
                let answer = try res.content.decode(AgendaAPI.AgendaDTO.self)
                #expect(answer.current == 2)
                #expect(answer.versions.map(\.content.results) == ["R1", "R1\nR2"])
                #expect(answer.endorsements.map(\.version).sorted() == [1, 2], "River Forward's two; River Reads' was withdrawn")
            }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/agenda") { #expect($0.status == .unauthorized) }
        }
    }

    @Test("another initiative's members see nothing of this agenda")
    func tenancy() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let fixtures = Fixtures(app)
            let elsewhere = try await fixtures.initiative("elsewhere")
            let org = try await fixtures.organization("Elsewhere Org", in: elsewhere)
            let outsider = try await fixtures.user("outsider@example.org")
            try await fixtures.member(outsider, of: elsewhere, at: org, as: .backboneAdmin)
            let browser = try await fixtures.session(for: outsider)
            try await s.admin.post(app, "/i/river/agenda/publish", Self.fields(Self.first, revision: 0)) { #expect($0.status == .seeOther) }
            try await browser.get(app, "/i/river/agenda") { #expect($0.status == .notFound) }
            try await browser.post(app, "/i/river/agenda/endorse", ["version": "1"]) { #expect($0.status == .notFound) }
            try await browser.get(app, "/i/elsewhere/agenda") { res in
                #expect(res.status == .ok)
                #expect(!res.text.contains("Too few children"))
            }
        }
    }
}
