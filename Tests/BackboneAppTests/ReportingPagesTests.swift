@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Reporting and review pages")
struct ReportingPagesTests {
    struct Setup {
        let steward: Browser
        let viewer: Browser
        let admin: Browser
        let partner: OrganizationModel
        let other: OrganizationModel
        let served: IndicatorModel
    }

    static func setUp(_ app: Application) async throws -> Setup {
        let fixtures = Fixtures(app)
        let initiative = try await fixtures.initiative("river")
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let backbone = try await fixtures.organization("River Forward", in: initiative)
        let partner = try await fixtures.organization("River Reads", in: initiative)
        let other = try await fixtures.organization("Other Partner", in: initiative)
        let admin = try await fixtures.user("admin@example.org")
        let steward = try await fixtures.user("steward@example.org")
        let viewer = try await fixtures.user("viewer@example.org")
        try await fixtures.member(admin, of: initiative, at: backbone, as: .backboneAdmin)
        try await fixtures.member(steward, of: initiative, at: partner, as: .partnerDataSteward)
        try await fixtures.member(viewer, of: initiative, at: partner, as: .partnerViewer)
        let served = try await IndicatorRepository(db: app.db, scope: scope).adopt(IndicatorCatalog.starter.entry(code: "PM-SERVED")!, now: Date())
        try await IndicatorRepository(db: app.db, scope: scope).assign(indicator: served, organizationID: partner.requireID(), dimensionKeys: ["gender"], now: Date())
        try await IndicatorRepository(db: app.db, scope: scope).assign(indicator: served, organizationID: other.requireID(), dimensionKeys: [], now: Date())
        return Setup(steward: try await fixtures.session(for: steward), viewer: try await fixtures.session(for: viewer),
                     admin: try await fixtures.session(for: admin), partner: partner, other: other, served: served)
    }

    static var thisMonth: String { ReportingPeriod.containing(Date(), frequency: .monthly).key }

    @Test("a data steward fills in a period, a bad value is kept beside its error, then submits; the backbone approves")
    func fillSubmitApprove() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            let path = "/i/river/reporting/\(s.partner.id!)/\(Self.thisMonth)"
            let id = s.served.id!.uuidString
            try await s.steward.get(app, "/i/river/reporting") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains(path))
            }
            try await s.steward.get(app, path) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("People served"))
                #expect(res.text.contains("name=\"\(id).cell.gender.female.value\""))
            }
            // bad input: kept, explained, nothing written
            try await s.steward.post(app, path, ["action": "submit", "revision": "0", "\(id).total.value": "1,200",
                                                 "\(id).cell.gender.female.value": "-3"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("without commas"))
                #expect(res.text.contains("value=\"1,200\""))
            }
            #expect(try await MeasurementValueModel.query(on: app.db).count() == 0)
            try await s.steward.post(app, path, ["action": "submit", "revision": "0", "\(id).total.value": "12",
                                                 "\(id).cell.gender.female.value": "7", "\(id).cell.gender.male.value": "4",
                                                 "\(id).cell.gender.another.value": "0", "\(id).cell.gender.unknown.value": "2"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("add up to 13"))
                #expect(res.text.contains("value=\"7\""))
                // The running sum under the breakdown shows the gap with what was typed, and the script keeps it current.
                #expect(res.text.contains("These add up to 13 of 12."))
                #expect(res.text.contains("src=\"/assets/report.js\""))
            }
            try await s.steward.post(app, path, ["action": "submit", "revision": "0", "\(id).total.value": "13",
                                                 "\(id).cell.gender.female.value": "7", "\(id).cell.gender.male.value": "4",
                                                 "\(id).cell.gender.another.value": "0", "\(id).cell.gender.unknown.value": "2"]) { res in
                #expect(res.status == .seeOther)
            }
            let submission = try #require(try await SubmissionModel.query(on: app.db).first())
            #expect(submission.parsedStatus == .submitted)
            // the backbone sees it waiting and approves it
            // Its cell in the completeness grid says where it stands, before and after approval.
            func gridCell(_ html: String) -> String? {
                html.range(of: "href=\"\(path)\"[^>]*><span class=\"status [a-z-]+\">[^<]+", options: .regularExpression).map { String(html[$0]) }
            }
            try await s.admin.get(app, "/i/river/review") { res in
                #expect(res.text.contains("/i/river/review/\(submission.id!)"))
                #expect(gridCell(res.text)?.hasSuffix("status-info\">Submitted") == true, "\(gridCell(res.text) ?? "no cell")")
            }
            try await s.admin.get(app, "/i/river/review/\(submission.id!)") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("Changes of figures"))
            }
            try await s.admin.post(app, "/i/river/review/\(submission.id!)", ["decision": "approve"]) { #expect($0.status == .seeOther) }
            #expect(try await SubmissionModel.find(submission.id, on: app.db)?.parsedStatus == .approved)
            try await s.admin.get(app, "/i/river/review") { #expect(gridCell($0.text)?.hasSuffix("status-ok\">Approved") == true) }
            // approved figures are locked for the partner
            try await s.steward.post(app, path, ["action": "save", "revision": "\(submission.revision + 1)", "\(id).total.value": "14"]) { res in
                #expect(res.status == .conflict)
            }
        }
    }

    @Test("partners cannot report for another partner; viewers cannot change figures; only the backbone reviews")
    func permissions() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            let id = s.served.id!.uuidString
            let otherPath = "/i/river/reporting/\(s.other.id!)/\(Self.thisMonth)"
            try await s.steward.get(app, otherPath) { #expect($0.status == .forbidden) }
            try await s.steward.post(app, otherPath, ["action": "save", "\(id).total.value": "5"]) { #expect($0.status == .forbidden) }
            try await s.steward.get(app, "/i/river/reporting?organization=\(s.other.id!)") { #expect($0.status == .forbidden) }
            let ownPath = "/i/river/reporting/\(s.partner.id!)/\(Self.thisMonth)"
            try await s.viewer.get(app, ownPath) { res in
                #expect(res.status == .ok)
                #expect(!res.text.contains("Submit for review"))
            }
            try await s.viewer.post(app, ownPath, ["action": "save", "\(id).total.value": "5"]) { #expect($0.status == .forbidden) }
            try await s.steward.get(app, "/i/river/review") { #expect($0.status == .forbidden) }
            try await s.steward.get(app, "/i/river/indicators/catalog") { #expect($0.status == .forbidden) }
            try await s.steward.post(app, "/i/river/indicators/adopt", ["code": "HLT-LBW"]) { #expect($0.status == .forbidden) }
            try await s.admin.get(app, "/i/river/reporting/\(s.partner.id!)/not-a-period") { #expect($0.status == .notFound) }
            #expect(try await MeasurementValueModel.query(on: app.db).count() == 0)
        }
    }

    @Test("the backbone adopts catalog indicators and assigns them with breakdowns")
    func adoptAndAssign() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            try await s.admin.get(app, "/i/river/indicators/catalog") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("Kindergarten readiness"))
            }
            var location = ""
            try await s.admin.post(app, "/i/river/indicators/adopt", ["code": "EDU-G3READ"]) { res in
                #expect(res.status == .seeOther)
                location = res.location ?? ""
            }
            try await s.admin.post(app, "/i/river/indicators/adopt", ["code": "EDU-G3READ"]) { #expect($0.status == .conflict) }
            try await s.admin.post(app, "/i/river/indicators/adopt", ["code": "NOPE"]) { #expect($0.status == .unprocessableEntity) }
            let indicatorPath = String(location.split(separator: "?")[0])
            try await s.admin.post(app, indicatorPath + "/assign", ["organizationID": s.partner.id!.uuidString, "dimensions[]": "shoe_size"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("not broken down by"))
            }
            try await s.admin.post(app, indicatorPath + "/assign", ["organizationID": s.partner.id!.uuidString, "dimensions[]": "gender"]) {
                #expect($0.status == .seeOther)
            }
            let assignment = try await AssignmentModel.query(on: app.db).filter(\.$organizationID == s.partner.requireID()).all()
            #expect(assignment.contains { $0.dimensionKeys == "gender" && $0.indicatorID != s.served.id })
            try await s.steward.get(app, "/i/river/indicators") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("Grade 3 reading proficiency"))
            }
        }
    }

    @Test("targets: bad input is kept and explained; the status is computed from approved figures")
    func targets() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            let path = "/i/river/indicators/\(s.served.id!)"
            try await s.admin.post(app, path + "/target", ["baselineValue": "5", "baselineDate": "2025-13-01", "targetValue": "fifty", "targetDate": "2030-01-01"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Enter a date such as"))
                #expect(res.text.contains("value=\"fifty\""))
            }
            try await s.admin.post(app, path + "/target", ["baselineValue": "5", "baselineDate": "2030-01-01", "targetValue": "50", "targetDate": "2025-01-01"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("must come after the baseline"))
            }
            try await s.steward.post(app, path + "/target", ["baselineValue": "5", "baselineDate": "2025-01-01", "targetValue": "50", "targetDate": "2030-01-01"]) {
                #expect($0.status == .forbidden)
            }
            try await s.admin.get(app, path) { #expect($0.text.contains("No data") && $0.text.contains("A whole number: this indicator counts.")) }
            // People served are counted: a target of 50.5 people is refused, and so is a fractional baseline.
            for (baseline, target) in [("5", "50.5"), ("4.2", "50"), ("5", "50.000001")] {
                try await s.admin.post(app, path + "/target", ["baselineValue": baseline, "baselineDate": "2025-01-01", "targetValue": target, "targetDate": "2030-01-01"]) { res in
                    #expect(res.status == .unprocessableEntity, "\(baseline) → \(target)")
                    #expect(res.text.contains("enter a whole number"))
                }
            }
            #expect(try await TargetModel.query(on: app.db).count() == 0)
            try await s.admin.post(app, path + "/target", ["baselineValue": "5", "baselineDate": "2025-01-01", "targetValue": "50", "targetDate": "2030-01-01"]) {
                #expect($0.status == .seeOther)
            }
            // two partners report this month; only approved figures count
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            let reporting = ReportingRepository(db: app.db, scope: scope)
            let admin = try await UserRepository(db: app.db).find(email: "admin@example.org")!
            let period = ReportingPeriod.containing(Date(), frequency: .monthly)
            let cells: [String: ValueEntry] = ["female": .init(value: 5), "male": .init(value: 5), "another": .init(value: 0), "unknown": .init(value: 0)]
            let first = try await reporting.save(organizationID: s.partner.requireID(), period: period,
                                                 reports: [s.served.id!: IndicatorReport(total: .init(value: 10), cells: ["gender": cells])],
                                                 expectedRevision: 0, intent: .submit, userID: admin.requireID(), now: Date())
            _ = try await reporting.save(organizationID: s.other.requireID(), period: period, reports: [s.served.id!: IndicatorReport(total: .init(value: 3))],
                                         expectedRevision: 0, intent: .submit, userID: admin.requireID(), now: Date())
            try await reporting.review(first.submission, to: .approved, comment: "", userID: admin.requireID(), now: Date())
            try await s.admin.get(app, path) { res in
                #expect(res.text.contains("Off track"))
                #expect(res.text.contains(">10<span"))   // 10 approved; the submitted 3 is not counted
            }
        }
    }

    @Test("a Spanish reader fills in a catalog indicator's report in Spanish: its name, definition and breakdown; the API keeps the stored words")
    func catalogIndicatorInSpanish() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            let steward = try #require(try await UserRepository(db: app.db).find(email: "steward@example.org"))
            steward.language = "es"
            try await steward.save(on: app.db)
            try await s.steward.get(app, "/i/river/reporting/\(s.partner.id!)/\(Self.thisMonth)") { res in
                #expect(res.text.contains("<legend>Personas atendidas (cantidad)</legend>") || res.text.contains("<legend>Personas atendidas ("))
                #expect(res.text.contains("Personas distintas que recibieron el servicio del programa"))
                #expect(res.text.contains(">Por género</legend>"))
                #expect(res.text.contains(">Femenino<") && res.text.contains(">Otro género<"))
                #expect(!res.text.contains("People served"))
            }
            try await s.steward.get(app, "/i/river/indicators/\(s.served.id!)") { res in
                #expect(res.text.contains("<h1>Personas atendidas</h1>"))
            }
            let token = try await Fixtures(app).apiToken(for: steward)
            try await app.testing().test(.GET, "/api/v1/initiatives/river/assignments", headers: ["Authorization": "Bearer \(token)"]) { res in
                #expect(res.text.contains("\"People served\""), "the API gives the stored words")
            }
        }
    }

    @Test("the backbone writes an indicator's words in Spanish; Spanish readers see them before the catalog's; bad input keeps what was typed and saves nothing")
    func backboneTranslatesAnIndicator() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            let path = "/i/river/indicators/\(s.served.id!)"
            let steward = try #require(try await UserRepository(db: app.db).find(email: "steward@example.org"))
            steward.language = "es"
            try await steward.save(on: app.db)
            try await s.admin.get(app, path) { res in
                #expect(res.text.contains("Words in Español"))
                #expect(res.text.contains("value=\"Personas atendidas\""), "the form starts from the catalog's words")
            }
            let words = ["language": "es", "translation-name": "Personas que recibieron el servicio", "translation-definition": "Personas distintas atendidas en el mes."]
            try await s.steward.post(app, path + "/translations", words) { #expect($0.status == .forbidden) }
            try await s.admin.post(app, path + "/translations", ["language": "en", "translation-name": "X"]) { #expect($0.status == .badRequest) }
            var long = words
            long["translation-name"] = String(repeating: "n", count: 121)
            try await s.admin.post(app, path + "/translations", long) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Personas distintas atendidas en el mes."), "what was typed is kept")
            }
            var noName = words
            noName["translation-name"] = " "
            try await s.admin.post(app, path + "/translations", noName) { #expect($0.status == .unprocessableEntity) }
            #expect(try await IndicatorModel.find(s.served.id, on: app.db)?.translationsJSON == nil, "nothing saved")

            try await s.admin.post(app, path + "/translations", words) { #expect($0.status == .seeOther) }
            try await s.steward.get(app, path) { res in
                #expect(res.text.contains("<h1>Personas que recibieron el servicio</h1>") && res.text.contains("Personas distintas atendidas en el mes."))
            }
            try await s.admin.get(app, path) { #expect($0.text.contains("<h1>People served</h1>"), "English readers see the stored words") }
            // Every text emptied: back to the catalog's translation.
            try await s.admin.post(app, path + "/translations", ["language": "es", "translation-name": "", "translation-definition": ""]) { #expect($0.status == .seeOther) }
            try await s.steward.get(app, path) { #expect($0.text.contains("<h1>Personas atendidas</h1>")) }
        }
    }

    @Test("the reporting page lists what is still to send first, the most urgent on top; sent periods follow, newest first")
    func toSendFirst() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            try await s.admin.post(app, "/i/river/review/settings", ["dueAfterDays": "1", "lockAfterDays": "400"]) { #expect($0.status == .seeOther) }
            let id = s.served.id!.uuidString
            let month = ReportingPeriod.containing(Date(), frequency: .monthly)
            let sent = month.shifted(by: -2)
            try await s.steward.post(app, "/i/river/reporting/\(s.partner.id!)/\(sent.key)", ["action": "submit", "revision": "0", "\(id).total.value": "13",
                "\(id).cell.gender.female.value": "7", "\(id).cell.gender.male.value": "4", "\(id).cell.gender.another.value": "0",
                "\(id).cell.gender.unknown.value": "2", "\(id).comment": "Counted from sign-in sheets."]) { #expect($0.status == .seeOther) }
            try await s.steward.get(app, "/i/river/reporting") { res in
                let order = res.text.matches(of: /\/reporting\/[0-9A-F-]{36}\/(\d{4}-\d{2})"/).map { String($0.1) }
                let unsent = (0..<6).map { month.shifted(by: -$0).key }.filter { $0 != sent.key }
                #expect(Array(order.prefix(unsent.count)) == unsent.sorted(), "still to send, oldest due first: \(order)")
                #expect(order.last == sent.key, "the sent period comes after")
            }
        }
    }

    @Test("the backbone reminds an overdue partner's data stewards once a day, from the review page or the API; nobody else may")
    func remindOverduePartner() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            // Due the day after a period ends, locked a year later: every shown month before the last is overdue.
            try await s.admin.post(app, "/i/river/review/settings", ["dueAfterDays": "1", "lockAfterDays": "400"]) { #expect($0.status == .seeOther) }
            let steward = try #require(try await UserRepository(db: app.db).find(email: "steward@example.org"))
            let viewer = try #require(try await UserRepository(db: app.db).find(email: "viewer@example.org"))
            let notifications = NotificationRepository(db: app.db)
            let remind = ["organization": s.partner.id!.uuidString]
            try await s.admin.get(app, "/i/river/review") { res in
                #expect(res.text.contains("aria-label=\"Remind the data stewards of River Reads\""))
                // newest period first: this month's column comes before last month's
                let header = res.text.components(separatedBy: "<thead>")[1]
                let thisMonth = Texts(.en).period(ReportingPeriod.containing(Date(), frequency: .monthly))
                let lastMonth = Texts(.en).period(ReportingPeriod.containing(Date(), frequency: .monthly).shifted(by: -1))
                let newest = try #require(header.range(of: thisMonth)), older = try #require(header.range(of: lastMonth))
                #expect(newest.lowerBound < older.lowerBound)
            }
            // Only the backbone reminds.
            try await s.steward.post(app, "/i/river/review/remind", remind) { #expect($0.status == .forbidden) }
            try await s.admin.post(app, "/i/river/review/remind", ["organization": "not-a-uuid"]) { #expect($0.status == .badRequest) }
            try await s.admin.post(app, "/i/river/review/remind", ["organization": UUID().uuidString]) { #expect($0.status == .notFound) }
            #expect(try await NotificationModel.query(on: app.db).count() == 0)

            try await s.admin.post(app, "/i/river/review/remind", remind) { #expect($0.location?.hasSuffix("#overdue") == true) }
            let told = try await notifications.recent(userID: steward.requireID())
            #expect(told.count >= 4 && told.allSatisfy { $0.kind == "reporting_due" && $0.text.contains("reminds you that your report for") })
            #expect(try await notifications.recent(userID: viewer.requireID()).isEmpty, "viewers do not send reports")
            // A second click the same day sends nothing more, and the page says it was done.
            try await s.admin.post(app, "/i/river/review/remind", remind) { res in
                #expect(res.status == .conflict)
                #expect(res.text.contains("already reminded today"))
            }
            #expect(try await notifications.recent(userID: steward.requireID()).count == told.count)
            try await s.admin.get(app, "/i/river/review") { res in
                #expect(res.text.contains("reminded today"))
                #expect(!res.text.contains("Remind the data stewards of River Reads"))
            }
            // A partner without a data steward: nothing to send, and the page says whom to invite.
            try await s.admin.post(app, "/i/river/review/remind", ["organization": s.other.id!.uuidString]) { res in
                #expect(res.status == .conflict)
                #expect(res.text.contains("has no data steward to remind"))
            }

            // The API does the same, once a day.
            let fixtures = Fixtures(app)
            let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
            let token = try await fixtures.apiToken(for: admin)
            let initiative = try #require(try await InitiativeRepository(db: app.db).find(slug: "river"))
            try await fixtures.member(try await fixtures.user("other-steward@example.org"), of: initiative, at: s.other, as: .partnerDataSteward)
            let path = "/api/v1/initiatives/river/organizations/\(s.other.id!)/reminders"
            try await app.testing().test(.POST, path, headers: ["Authorization": "Bearer \(token)"]) { res in
                #expect(res.status == .created)
                let body = try JSONDecoder().decode(PartnerReminders.Outcome.self, from: Data(res.text.utf8))
                #expect(body.notified == 1 && body.periods.count >= 4 && body.periods == body.periods.sorted())
            }
            try await app.testing().test(.POST, path, headers: ["Authorization": "Bearer \(token)"]) { #expect($0.status == .conflict) }
            let stewardToken = try await fixtures.apiToken(for: steward)
            try await app.testing().test(.POST, "/api/v1/initiatives/river/organizations/\(s.partner.id!)/reminders",
                                         headers: ["Authorization": "Bearer \(stewardToken)"]) { #expect($0.status == .forbidden) }
        }
    }

    @Test("the backbone sets the reporting calendar and opens a locked period for one partner")
    func calendarAndExceptions() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            try await s.admin.post(app, "/i/river/review/settings", ["dueAfterDays": "20", "lockAfterDays": "10"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("cannot lock before it is due"))
            }
            try await s.steward.post(app, "/i/river/review/settings", ["dueAfterDays": "20", "lockAfterDays": "40"]) { #expect($0.status == .forbidden) }
            try await s.admin.post(app, "/i/river/review/settings", ["dueAfterDays": "20", "lockAfterDays": "40", "includeSubmitted": "on"]) {
                #expect($0.status == .seeOther)
            }
            let initiative = try #require(try await InitiativeRepository(db: app.db).find(slug: "river"))
            #expect(initiative.dueAfterDays == 20 && initiative.lockAfterDays == 40 && initiative.dashboardsIncludeSubmitted)
            // a period a year ago is locked; the steward sees it read-only until an exception is granted
            let old = ReportingPeriod.containing(Date(), frequency: .monthly).shifted(by: -12)
            let path = "/i/river/reporting/\(s.partner.id!)/\(old.key)"
            try await s.steward.get(app, path) { #expect(!$0.text.contains("Submit for review")) }
            try await s.steward.post(app, path + "/exception", ["until": "2099-01-01"]) { #expect($0.status == .forbidden) }
            try await s.admin.post(app, path + "/exception", ["until": "yesterday"]) { #expect($0.status == .unprocessableEntity) }
            try await s.admin.post(app, path + "/exception", ["until": "2001-01-01"]) { #expect($0.status == .unprocessableEntity) }
            try await s.admin.post(app, path + "/exception", ["until": "2099-01-01"]) { #expect($0.status == .seeOther) }
            try await s.steward.get(app, path) { #expect($0.text.contains("Submit for review")) }
            try await s.steward.post(app, path, ["action": "save", "revision": "0", "\(s.served.id!).total.value": "4"]) { #expect($0.status == .seeOther) }
        }
    }

    @Test("changing a definition's meaning records a new version; wording-only changes do not; bad definitions are refused")
    func definitionVersions() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            let path = "/i/river/indicators/\(s.served.id!)"
            let base = ["definition": "Unique people who received the program's service during the period.", "unit": "count",
                        "aggregation": "sum", "effectiveFrom": "2027-01-01"]
            try await s.admin.post(app, path + "/definition", base) { res in
                #expect(res.status == .seeOther)
                #expect(res.location?.contains("definition-unchanged") == true)
            }
            var percent = base
            percent["unit"] = "percent"
            try await s.admin.post(app, path + "/definition", percent) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("ratio rule"))
                #expect(res.text.contains("value=\"percent\""))
            }
            var changed = base
            changed["definition"] = "Unique children and youth who received at least one hour of service."
            try await s.steward.post(app, path + "/definition", changed) { #expect($0.status == .forbidden) }
            try await s.admin.post(app, path + "/definition", changed) { #expect($0.location?.contains("definition-versioned") == true) }
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            let versions = try await IndicatorRepository(db: app.db, scope: scope).history(of: s.served.requireID())
            #expect(versions.map(\.number) == [1, 2])
            #expect(versions[1].effectiveFrom == Date.utc(2027, 1, 1))
            // figures for 2027 are reported under version 2, earlier ones under version 1
            let reporting = ReportingRepository(db: app.db, scope: scope)
            #expect(try await reporting.assigned(organizationID: s.partner.requireID(), period: ReportingPeriod(key: "2027-01")!).first?.version.number == 2)
            #expect(try await reporting.assigned(organizationID: s.partner.requireID(), period: ReportingPeriod(key: "2026-12")!).first?.version.number == 1)
        }
    }

    @Test("an initiative's indicators export as a catalog that another initiative imports; broken files change nothing")
    func catalogExchange() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            var exported = Data()
            try await s.steward.get(app, "/i/river/indicators/export.json") { res in
                #expect(res.status == .ok)
                exported = Data(res.body.readableBytesView)
            }
            #expect(try IndicatorCatalog.decode(exported).entries.map(\.code) == ["PM-SERVED"])
            // a second initiative imports it
            let lake = try await Fixtures(app).initiative("lake")
            let lakeOrg = try await Fixtures(app).organization("Lake Forward", in: lake)
            let admin = try await Fixtures(app).user("lake.admin@example.org")
            try await Fixtures(app).member(admin, of: lake, at: lakeOrg, as: .backboneAdmin)
            let browser = try await Fixtures(app).session(for: admin)
            func upload(_ data: Data, _ verify: (TestingHTTPResponse) async throws -> Void) async throws {
                let boundary = "----catalog"
                var body = ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n\(browser.csrfToken)\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.json\"\r\nContent-Type: application/json\r\n\r\n")
                body.writeBytes(data)
                body.writeString("\r\n--\(boundary)--\r\n")
                var headers = browser.headers
                headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                try await app.testing().test(.POST, "/i/lake/indicators/import", headers: headers, body: body, afterResponse: verify)
            }
            try await upload(Data("{\"formatVersion\": 1, \"entries\": [{\"code\": \"x\"}]}".utf8)) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Nothing was imported"))
            }
            try await upload(exported) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("Imported 1 indicator; 0 already"))
            }
            try await upload(exported) { #expect($0.text.contains("Imported 0 indicators; 1 already")) }
            let lakeScope = InitiativeScope(verifiedInitiativeID: try lake.requireID())
            #expect(try await IndicatorRepository(db: app.db, scope: lakeScope).listing().map(\.indicator.code) == ["PM-SERVED"])
        }
    }

    @Test("numbers in forms: digits and a decimal point only")
    func numberParsing() throws {
        #expect(try NumberInput.parse("42").get() == 42)
        #expect(try NumberInput.parse(" 3.5 ").get() == 3.5)
        #expect(try NumberInput.parse("").get() == nil)
        #expect(try NumberInput.parse("-2").get() == -2)
        for bad in ["1,200", "abc", "1e400", "NaN", "inf", "1.2.3", "0x10"] {
            #expect(throws: NumberInput.Problem.self, "\(bad)") { try NumberInput.parse(bad).get() }
        }
    }
}
