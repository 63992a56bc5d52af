@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

/// The review queue's bulk decision, the indicator page's assignment to many partners, and
/// reopening locked periods for many partners: the pages' side of the bulk setup.
@Suite("Bulk work on the pages")
struct BulkFormsTests {
    /// Both partners' reports for this month, submitted.
    static func submitted(_ app: Application) async throws -> (ReportingPagesTests.Setup, [SubmissionModel]) {
        let s = try await ReportingPagesTests.setUp(app)
        let scope = InitiativeScope(verifiedInitiativeID: try await InitiativeRepository(db: app.db).find(slug: "river")!.requireID())
        let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org")).requireID()
        let month = ReportingPagesTests.thisMonth
        let file = ImportTests.file(["PM-SERVED,Other Partner,\(month),,5,,,", "PM-SERVED,River Reads,\(month),,13,,,"]
                                    + ["female", "male", "another", "unknown"].map { "PM-SERVED,River Reads,\(month),\($0),\($0 == "female" ? 13 : 0),,," })
        _ = try await ReportImporter(db: app.db, scope: scope).run(try CSVTable.parse(file), allowedOrganizations: nil, intent: .submit, userID: admin, now: Date())
        return (s, try await SubmissionModel.query(on: app.db).all())
    }

    @Test("the queue filters by partner, approves the ticked reports or every one shown, and says what it did")
    func reviewQueue() async throws {
        try await withBackbone { app in
            let (s, reports) = try await Self.submitted(app)
            let other = try #require(reports.first { $0.organizationID == s.other.id })
            let river = try #require(reports.first { $0.organizationID == s.partner.id })
            try await s.admin.get(app, "/i/river/review?partner=\(s.partner.id!)") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("value=\"\(river.id!)\""))
                #expect(!res.text.contains("value=\"\(other.id!)\""))
                #expect(res.text.contains("Every report this filter shows (1)"))
            }
            // bad decisions: nothing done
            try await s.admin.post(app, "/i/river/review/bulk", ["which": "ticked", "decision": "approve"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Choose at least one report"))
            }
            try await s.admin.post(app, "/i/river/review/bulk", ["which": "shown", "decision": "return"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Tell the partner"))
            }
            try await s.admin.post(app, "/i/river/review/bulk", ["which": "shown", "decision": "publish"]) { #expect($0.status == .unprocessableEntity) }
            try await s.steward.post(app, "/i/river/review/bulk", ["which": "shown", "decision": "approve"]) { #expect($0.status == .forbidden) }
            try await s.admin.post(app, "/i/river/review/bulk", ["which": "shown", "decision": "approve"], csrf: "forged") { #expect($0.status == .forbidden) }
            #expect(try await SubmissionModel.query(on: app.db).filter(\.$status == "submitted").count() == 2)

            // every report the filter shows: River Reads only
            try await s.admin.post(app, "/i/river/review/bulk?partner=\(s.partner.id!)", ["which": "shown", "decision": "approve"]) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("1 reports approved") || res.text.contains("1 report approved"))
            }
            #expect(try await SubmissionModel.find(river.id, on: app.db)?.parsedStatus == .approved)
            #expect(try await SubmissionModel.find(other.id, on: app.db)?.parsedStatus == .submitted)
            // ticked ones, one of which is already decided: listed as refused with the reason
            var headers = s.admin.headers
            headers.contentType = .urlEncodedForm
            let body = "reports%5B%5D=\(river.id!)&reports%5B%5D=\(other.id!)&which=ticked&decision=approve&comment=Checked+against+the+sign-in+sheets."
                + "&\(CSRFMiddleware.fieldName)=\(s.admin.csrfToken)"
            try await app.testing().test(.POST, "/i/river/review/bulk", headers: headers, body: ByteBuffer(string: body)) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("could not be decided"))
                #expect(res.text.contains("River Reads"))
            }
            #expect(try await SubmissionModel.find(other.id, on: app.db)?.parsedStatus == .approved)
            #expect(try await SubmissionModel.find(river.id, on: app.db)?.parsedStatus == .approved)
        }
    }

    @Test("an indicator is assigned to every partner of a sector, or a ticked list; an unknown partner assigns no one")
    func assignMany() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let river = try #require(try await InitiativeRepository(db: app.db).find(slug: "river"))
            let scope = InitiativeScope(verifiedInitiativeID: try river.requireID())
            let school = try await Fixtures(app).organization("North School", in: river, sector: .education)
            let college = try await Fixtures(app).organization("Harbor College", in: river, sector: .education)
            let indicator = try await IndicatorRepository(db: app.db, scope: scope).adopt(IndicatorCatalog.starter.entries.first { $0.code != "PM-SERVED" && $0.kind != .population }!, now: Date())
            let path = "/i/river/indicators/\(indicator.id!)"
            try await s.admin.get(app, path) { res in
                #expect(res.text.contains("value=\"sector:education\""))
                #expect(res.text.contains("Every partner in Education (2)"))
            }
            try await s.admin.post(app, path + "/assign", ["organizationID": "sector:education"]) { #expect($0.status == .seeOther) }
            let assigned = { Set(try await IndicatorRepository(db: app.db, scope: scope).assignments(indicatorID: indicator.requireID()).map(\.organizationID)) }
            #expect(try await assigned() == [school.id!, college.id!])
            try await s.admin.post(app, path + "/assign", ["organizations[]": UUID().uuidString]) { #expect($0.status == .unprocessableEntity) }
            try await s.admin.post(app, path + "/assign", ["organizationID": "sector:pirates"]) { #expect($0.status == .unprocessableEntity) }
            try await s.admin.post(app, path + "/assign", ["organizationID": "every"]) { #expect($0.status == .seeOther) }
            #expect(try await assigned().count == 5)
            try await s.steward.post(app, path + "/assign", ["organizationID": "every"]) { #expect($0.status == .forbidden) }
        }
    }

    @Test("locked periods reopen for many partners until a day; bad periods, days or partners grant nothing")
    func exceptions() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let until = CalendarDay(containing: Date().addingTimeInterval(14 * 86_400)).key
            for (fields, field) in [(["periods": "2020-13", "organizationID": "every", "until": until], "periods"),
                                    (["periods": "2020-01", "organizationID": "every", "until": "2020-01-01"], "until"),
                                    (["periods": "2020-01", "organizationID": "nobody", "until": until], "organizationID"),
                                    (["periods": "", "organizationID": "every", "until": until], "periods")] {
                try await s.admin.post(app, "/i/river/review/exceptions", fields) { res in
                    #expect(res.status == .unprocessableEntity, "\(fields)")
                    #expect(res.text.contains("id=\"\(field)-error\""), "\(fields)")
                }
            }
            #expect(try await LockExceptionModel.query(on: app.db).count() == 0)
            try await s.admin.post(app, "/i/river/review/exceptions", ["periods": "2020-01, 2020-02", "organizationID": "every", "until": until]) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("6 exceptions granted"))
            }
            try await s.steward.get(app, "/i/river/reporting/\(s.partner.id!)/2020-02") { res in
                #expect(res.status == .ok)
                #expect(!res.text.contains("Ask the backbone for an exception"))
            }
            try await s.steward.post(app, "/i/river/review/exceptions", ["periods": "2020-01", "organizationID": "every", "until": until]) { #expect($0.status == .forbidden) }
        }
    }
}
