@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

/// The setup a migration does through `/api/v1`: imports, bulk assignments, lock exceptions and
/// review decisions, with the forms' permissions and checks.
@Suite("Setup through the API")
struct SetupAPITests {
    struct Context {
        let s: ReportingPagesTests.Setup
        let scope: InitiativeScope
        let admin: HTTPHeaders
        let steward: HTTPHeaders
    }

    static func context(_ app: Application) async throws -> Context {
        let s = try await ReportingPagesTests.setUp(app)
        let scope = InitiativeScope(verifiedInitiativeID: try await InitiativeRepository(db: app.db).find(slug: "river")!.requireID())
        func auth(_ email: String) async throws -> HTTPHeaders {
            let user = try #require(try await UserRepository(db: app.db).find(email: email))
            return ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: user))"]
        }
        return Context(s: s, scope: scope, admin: try await auth("admin@example.org"), steward: try await auth("steward@example.org"))
    }

    static func json(_ app: Application, _ method: HTTPMethod, _ path: String, _ auth: HTTPHeaders, _ body: String,
                     _ verify: (TestingHTTPResponse) async throws -> Void) async throws {
        var headers = auth
        headers.contentType = .json
        try await app.testing().test(method, path, headers: headers, body: ByteBuffer(string: body), afterResponse: verify)
    }

    /// Posts a CSV file to the imports endpoint and answers the import as it stands once finished.
    static func importFile(_ app: Application, _ auth: HTTPHeaders, _ data: Data, fields: [String: String],
                           expect status: HTTPResponseStatus = .accepted) async throws -> ImportAPI.ImportDTO? {
        let boundary = "----backbone-api"
        var headers = auth
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        var location: String?
        try await app.testing().test(.POST, "/api/v1/initiatives/river/imports", headers: headers,
                                     body: multipartBody(fields, file: ("file", "figures.csv", "text/csv", Array(data)), boundary: boundary)) { res in
            #expect(res.status == status, "\(res.text)")
            if res.status == .accepted {
                #expect((try? res.content.decode(ImportAPI.ImportDTO.self))?.state == "running")
                location = res.location
            }
        }
        guard let location else { return nil }
        for _ in 0..<400 {
            var current: ImportAPI.ImportDTO?
            try await app.testing().test(.GET, location, headers: auth) { res in
                #expect(res.status == .ok)
                current = try res.content.decode(ImportAPI.ImportDTO.self)
            }
            if let current, current.state != "running" { return current }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the import did not finish")
        return nil
    }

    @Test("an import answers 202 and is followed to its outcome: written, or refused with its lines; others' imports are not found")
    func imports() async throws {
        try await withBackbone { app in
            let c = try await Self.context(app)
            let done = try #require(try await Self.importFile(app, c.admin, HistoricalImportTests.history,
                                                              fields: ["mode": "historical", "status": "approved", "reason": HistoricalImportTests.reason]))
            #expect(done.state == "succeeded" && done.reportsChanged == 7 && done.rows == 11 && done.mode == "historical" && done.status == "approved")
            #expect(try await SubmissionModel.query(on: app.db).all().allSatisfy { $0.parsedStatus == .approved })
            let again = try #require(try await Self.importFile(app, c.admin, HistoricalImportTests.history,
                                                               fields: ["mode": "historical", "status": "approved", "reason": HistoricalImportTests.reason]))
            #expect(again.reportsChanged == 0 && again.reportsUnchanged == 7)

            // without the mode, the locked periods are refused line by line and nothing is written
            let values = try await MeasurementValueModel.query(on: app.db).count()
            let locked = ImportTests.file(["PM-SERVED,Other Partner,2020-08,,10,,,", "PM-SERVED,Other Partner,\(ReportingPagesTests.thisMonth),,5,,,"])
            let refused = try #require(try await Self.importFile(app, c.admin, locked, fields: [:]))
            #expect(refused.state == "refused" && refused.problems.map(\.line) == [2])
            #expect(try await MeasurementValueModel.query(on: app.db).count() == values)

            // a data steward imports their own figures, never history; nor reads the backbone's import
            let own = try #require(try await Self.importFile(app, c.steward, ImportTests.file(["PM-SERVED,River Reads,\(ReportingPagesTests.thisMonth),,5,,,"]),
                                                             fields: ["status": "submitted"]))
            #expect(own.state == "succeeded" && own.reportsChanged == 1)
            _ = try await Self.importFile(app, c.steward, HistoricalImportTests.history, fields: ["mode": "historical", "reason": "x"], expect: .forbidden)
            try await app.testing().test(.GET, "/api/v1/initiatives/river/imports/\(done.id)", headers: c.steward) { #expect($0.status == .notFound) }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/imports/\(own.id)", headers: c.admin) { #expect($0.status == .ok) }

            // bad asking: 422 with the field, nothing started
            let before = try await ImportRecordModel.query(on: app.db).count()
            for fields in [["mode": "history"], ["status": "published"], ["status": "approved"], ["mode": "historical"],
                           ["mode": "historical", "reason": String(repeating: "x", count: 301)], ["reason": "two\nlines"]] {
                _ = try await Self.importFile(app, c.admin, HistoricalImportTests.history, fields: fields, expect: .unprocessableEntity)
            }
            var empty = c.admin
            empty.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=xyz")
            try await app.testing().test(.POST, "/api/v1/initiatives/river/imports", headers: empty, body: ByteBuffer(string: "--xyz--\r\n")) {
                #expect($0.status == .unprocessableEntity)
            }
            try await Self.json(app, .POST, "/api/v1/initiatives/river/imports", c.admin, #"{"file": "x"}"#) { #expect($0.status == .unsupportedMediaType) }
            #expect(try await ImportRecordModel.query(on: app.db).count() == before)
        }
    }

    @Test("bulk review: another initiative's report refuses the whole decision; then each report is decided once, refusals listed with the reason")
    func reviewDecisions() async throws {
        try await withBackbone { app in
            let c = try await Self.context(app)
            let month = ReportingPagesTests.thisMonth
            let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org")).requireID()
            let file = ImportTests.file(["PM-SERVED,Other Partner,\(month),,5,,,", "PM-SERVED,River Reads,\(month),,13,,,"]
                                        + ["female", "male", "another", "unknown"].map { "PM-SERVED,River Reads,\(month),\($0),\($0 == "female" ? 13 : 0),,," })
            _ = try await ReportImporter(db: app.db, scope: c.scope).run(try CSVTable.parse(file), allowedOrganizations: nil, intent: .submit, userID: admin, now: Date())
            let river = try await SubmissionModel.query(on: app.db).all().map { $0.id! }
            #expect(river.count == 2)
            // a report of another initiative
            let lake = try await Fixtures(app).initiative("lake")
            let lakeScope = InitiativeScope(verifiedInitiativeID: try lake.requireID())
            let lakePartner = try await Fixtures(app).organization("Lake Partner", in: lake)
            let lakeReport = SubmissionModel(initiativeID: lakeScope.initiativeID, organizationID: try lakePartner.requireID(), periodKey: month, now: Date())
            lakeReport.status = SubmissionStatus.submitted.rawValue
            try await lakeReport.create(on: app.db)

            let path = "/api/v1/initiatives/river/review-decisions"
            let ids = { (list: [UUID]) in list.map { "\"\($0)\"" }.joined(separator: ",") }
            try await Self.json(app, .POST, path, c.admin, #"{"decision": "approve", "reports": [\#(ids(river + [lakeReport.id!]))]}"#) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("not reports of this initiative"))
            }
            #expect(try await SubmissionModel.query(on: app.db).filter(\.$status == "submitted").count() == 3, "nothing was done")
            try await Self.json(app, .POST, path, c.admin, #"{"decision": "return", "reports": [\#(ids(river))]}"#) { #expect($0.status == .unprocessableEntity) }
            try await Self.json(app, .POST, path, c.admin, #"{"decision": "approve", "reports": []}"#) { #expect($0.status == .unprocessableEntity) }
            try await Self.json(app, .POST, path, c.admin, #"{"decision": "publish", "reports": [\#(ids(river))]}"#) { #expect($0.status == .unprocessableEntity) }
            try await Self.json(app, .POST, path, c.admin, #"{"decision": "approve", "reports": [\#(ids(river))], "extra": 1}"#) { #expect($0.status == .unprocessableEntity) }
            try await Self.json(app, .POST, path, c.steward, #"{"decision": "approve", "reports": [\#(ids(river))]}"#) { #expect($0.status == .forbidden) }
            try await Self.json(app, .POST, path, c.admin, #"{"decision": "approve", "reports": [\#(ids(river + river))]}"#) { res in
                #expect(res.status == .ok)
                let outcome = try res.content.decode(ReviewAPI.OutcomeDTO.self)
                #expect(Set(outcome.decided.map(\.report)) == Set(river) && outcome.decided.count == 2)
                #expect(outcome.refused.isEmpty)
            }
            try await Self.json(app, .POST, path, c.admin, #"{"decision": "approve", "reports": [\#(ids(river))]}"#) { res in
                let outcome = try res.content.decode(ReviewAPI.OutcomeDTO.self)
                #expect(outcome.decided.isEmpty && outcome.refused.count == 2)
                #expect(outcome.refused.allSatisfy { $0.reason.contains("approved") })
            }
            #expect(try await UpdateModel.query(on: app.db).count() == 1, "one feed entry for the whole decision")
            #expect(try await HistoricalImportTests.storedEqualsRebuild(app, c.scope) == [])
        }
    }

    @Test("assignments and lock exceptions for many partners: all, a sector or a list; a partner of another initiative refuses the whole request")
    func assignmentsAndExceptions() async throws {
        try await withBackbone { app in
            let c = try await Self.context(app)
            let river = try #require(try await InitiativeRepository(db: app.db).find(slug: "river"))
            let school = try await Fixtures(app).organization("North School", in: river, sector: .education)
            let lakePartner = try await Fixtures(app).organization("Lake Partner", in: try await Fixtures(app).initiative("lake"))
            let rate = try await IndicatorRepository(db: app.db, scope: c.scope).adopt(IndicatorCatalog.starter.entries.first { $0.code != "PM-SERVED" && $0.kind != .population }!, now: Date())
            let assign = "/api/v1/initiatives/river/assignments"
            try await Self.json(app, .POST, assign, c.admin, #"{"indicator": "\#(rate.code)", "organizations": ["\#(c.s.partner.id!)", "\#(lakePartner.id!)"]}"#) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("not partners of this initiative"))
            }
            #expect(try await IndicatorRepository(db: app.db, scope: c.scope).assignments(indicatorID: rate.requireID()).isEmpty)
            try await Self.json(app, .POST, assign, c.admin, #"{"indicator": "\#(rate.code)", "sector": "education"}"#) { res in
                #expect(res.status == .ok)
                let outcome = try res.content.decode(AssignmentAPI.AssignedDTO.self)
                #expect(outcome.organizations == [school.id!] && outcome.created == 1)
            }
            try await Self.json(app, .POST, assign, c.admin, #"{"indicator": "\#(rate.code)", "everyPartner": true}"#) { res in
                let outcome = try res.content.decode(AssignmentAPI.AssignedDTO.self)
                #expect(outcome.organizations.count == 4 && outcome.created == 3, "every organization (none is the backbone here); one already had it")
            }
            for bad in [#"{"indicator": "\#(rate.code)"}"#, #"{"indicator": "\#(rate.code)", "sector": "education", "everyPartner": true}"#,
                        #"{"indicator": "\#(rate.code)", "everyPartner": false}"#, #"{"indicator": "NOPE", "everyPartner": true}"#,
                        #"{"indicator": "\#(rate.code)", "sector": "pirates"}"#, #"{"indicator": "\#(rate.code)", "everyPartner": true, "dimensions": ["shoe-size"]}"#] {
                try await Self.json(app, .POST, assign, c.admin, bad) { #expect($0.status == .unprocessableEntity, "\(bad)") }
            }
            try await Self.json(app, .POST, assign, c.steward, #"{"indicator": "\#(rate.code)", "everyPartner": true}"#) { #expect($0.status == .forbidden) }

            let exceptions = "/api/v1/initiatives/river/lock-exceptions"
            let until = CalendarDay(containing: Date().addingTimeInterval(30 * 86_400)).key
            try await Self.json(app, .POST, exceptions, c.admin, #"{"periods": ["2020-01"], "organizations": ["\#(lakePartner.id!)"], "until": "\#(until)"}"#) {
                #expect($0.status == .unprocessableEntity)
            }
            for bad in [#"{"periods": ["2020-13"], "everyPartner": true, "until": "\#(until)"}"#, #"{"periods": [], "everyPartner": true, "until": "\#(until)"}"#,
                        #"{"periods": ["2020-01"], "everyPartner": true, "until": "2020-01-01"}"#, #"{"periods": ["2020-01"], "everyPartner": true, "until": "soon"}"#] {
                try await Self.json(app, .POST, exceptions, c.admin, bad) { #expect($0.status == .unprocessableEntity, "\(bad)") }
            }
            #expect(try await LockExceptionModel.query(on: app.db).count() == 0)
            try await Self.json(app, .POST, exceptions, c.admin, #"{"periods": ["2020-01", "2020-02"], "everyPartner": true, "until": "\#(until)"}"#) { res in
                #expect(res.status == .created)
                #expect((try? res.content.decode(AssignmentAPI.GrantedDTO.self))?.granted == 8)
            }
            // the partner's data steward may now change a locked period through the ordinary save
            let put = "/api/v1/initiatives/river/reports/\(c.s.partner.id!)/2020-01"
            try await Self.json(app, .PUT, put, c.steward, #"{"intent": "draft", "indicators": [{"code": "PM-SERVED", "total": {"value": 4}}]}"#) { #expect($0.status == .ok) }
            try await Self.json(app, .PUT, "/api/v1/initiatives/river/reports/\(c.s.partner.id!)/2020-03", c.steward,
                                #"{"intent": "draft", "indicators": [{"code": "PM-SERVED", "total": {"value": 4}}]}"#) { #expect($0.status == .unprocessableEntity) }
            try await Self.json(app, .POST, exceptions, c.steward, #"{"periods": ["2020-01"], "everyPartner": true, "until": "\#(until)"}"#) { #expect($0.status == .forbidden) }
        }
    }

    @Test("indicators from the catalog or defined whole, new definition versions, breakdowns and targets, with the forms' checks")
    func indicatorSetup() async throws {
        try await withBackbone { app in
            let c = try await Self.context(app)
            let base = "/api/v1/initiatives/river"
            try await Self.json(app, .POST, base + "/indicators", c.admin, #"{"catalogCode": "PM-SERVED"}"#) { #expect($0.status == .conflict) }
            let other = try #require(IndicatorCatalog.starter.entries.first { $0.code != "PM-SERVED" })
            try await Self.json(app, .POST, base + "/indicators", c.admin, #"{"catalogCode": "\#(other.code)"}"#) { res in
                #expect(res.status == .created)
                #expect((try? res.content.decode(IndicatorSetupAPI.IndicatorDTO.self))?.code == other.code)
            }
            try await Self.json(app, .POST, base + "/indicators", c.steward, #"{"catalogCode": "\#(other.code)"}"#) { #expect($0.status == .forbidden) }
            let unnamed = #""code": "LIBRARY-CARDS", "kind": "population", "definition": "New cards issued to children.", "polarity": "higher_is_better", "scope": "partners", "frequency": "quarterly""#
            let custom = unnamed + #", "name": "Library cards issued""#
            for (bad, field) in [(#"{"catalogCode": "NOPE"}"#, "catalogCode"), (#"{"catalogCode": "\#(other.code)", "name": "x"}"#, "catalogCode"),
                                 (#"{\#(custom), "unit": "furlongs", "aggregation": "sum"}"#, "unit"),
                                 (#"{\#(custom), "unit": "percent", "aggregation": "sum"}"#, "aggregation"),
                                 (#"{\#(custom), "unit": "percent", "aggregation": "weighted_mean"}"#, "weightDefinition"),
                                 (#"{\#(custom), "unit": "count", "aggregation": "sum", "minimum": 1e300}"#, "minimum"),
                                 (#"{\#(custom), "unit": "count", "aggregation": "sum", "dimensions": ["shoe_size"]}"#, "dimensions"),
                                 (#"{\#(unnamed), "unit": "count", "aggregation": "sum", "name": "Cards\u0000"}"#, "name")] {
                try await Self.json(app, .POST, base + "/indicators", c.admin, bad) { res in
                    #expect(res.status == .unprocessableEntity, "\(bad)")
                    #expect(res.text.contains("\"\(field)\""), "\(bad): \(res.text)")
                }
            }
            try await Self.json(app, .POST, base + "/indicators", c.admin, #"{\#(custom), "unit": "count", "aggregation": "sum", "extra": true}"#) { #expect($0.status == .unprocessableEntity) }
            try await Self.json(app, .POST, base + "/indicators", c.admin, #"{\#(custom), "unit": "count", "aggregation": "sum", "dimensions": ["gender"]}"#) { #expect($0.status == .created) }

            // a new definition from a day on; the same one again changes nothing
            let revision = #"{"definition": "New cards issued to children under 18.", "unit": "count", "aggregation": "sum", "effectiveFrom": "2027-01-01"}"#
            try await Self.json(app, .POST, base + "/indicators/LIBRARY-CARDS/definitions", c.admin, revision) { res in
                #expect(res.status == .created)
                #expect((try? res.content.decode(IndicatorSetupAPI.IndicatorDTO.self))?.version == 2)
            }
            try await Self.json(app, .POST, base + "/indicators/LIBRARY-CARDS/definitions", c.admin, revision) { #expect($0.status == .ok) }
            try await Self.json(app, .POST, base + "/indicators/NOPE/definitions", c.admin, revision) { #expect($0.status == .notFound) }
            try await Self.json(app, .POST, base + "/indicators/LIBRARY-CARDS/definitions", c.admin,
                                #"{"definition": "x", "unit": "count", "aggregation": "sum", "effectiveFrom": "soon"}"#) { #expect($0.status == .unprocessableEntity) }

            // breakdowns: keys from the names, a name taken is a conflict, a category on two lines is refused
            try await Self.json(app, .POST, base + "/breakdowns", c.admin, #"{"name": "School level", "categories": ["Elementary", "Middle", "High"]}"#) { res in
                #expect(res.status == .created)
                #expect((try? res.content.decode(IndicatorSetupAPI.BreakdownDTO.self))?.categories.map(\.key) == ["elementary", "middle", "high"])
            }
            try await Self.json(app, .POST, base + "/breakdowns", c.admin, #"{"name": "School level", "categories": ["A", "B"]}"#) { #expect($0.status == .unprocessableEntity) }
            try await Self.json(app, .POST, base + "/breakdowns", c.admin, #"{"name": "Shift", "categories": ["Day\nNight", "Weekend"]}"#) { #expect($0.status == .unprocessableEntity) }
            try await Self.json(app, .POST, base + "/breakdowns", c.admin, #"{"name": "Shift", "categories": ["Only one"]}"#) { #expect($0.status == .unprocessableEntity) }

            // targets: the initiative's or an assigned partner's, with the indicator's units
            let target = #""indicator": "PM-SERVED", "baselineDate": "2025-01-01", "targetDate": "2027-12-31""#
            try await Self.json(app, .POST, base + "/targets", c.admin, #"{\#(target), "baselineValue": 100, "targetValue": 150}"#) { #expect($0.status == .ok) }
            try await Self.json(app, .POST, base + "/targets", c.admin, #"{\#(target), "baselineValue": 100, "targetValue": 150, "organization": "\#(c.s.partner.id!)"}"#) {
                #expect($0.status == .ok)
            }
            #expect(try await TargetModel.query(on: app.db).count() == 2)
            for bad in [#"{\#(target), "baselineValue": 100, "targetValue": 150.5}"#, #"{\#(target), "baselineValue": -1, "targetValue": 150}"#,
                        #"{\#(target), "baselineValue": 100, "targetValue": 1e13}"#, #"{\#(target), "baselineValue": 100, "targetValue": 150, "organization": "\#(UUID())"}"#,
                        #"{"indicator": "PM-SERVED", "baselineDate": "2027-12-31", "targetDate": "2025-01-01", "baselineValue": 1, "targetValue": 2}"#,
                        #"{"indicator": "NOPE", "baselineDate": "2025-01-01", "targetDate": "2027-12-31", "baselineValue": 1, "targetValue": 2}"#] {
                try await Self.json(app, .POST, base + "/targets", c.admin, bad) { #expect($0.status == .unprocessableEntity, "\(bad)") }
            }
            try await Self.json(app, .POST, base + "/targets", c.steward, #"{\#(target), "baselineValue": 100, "targetValue": 150}"#) { #expect($0.status == .forbidden) }
        }
    }

    @Test("a bulk decision longer than the wait answers 200 at once, keeps the connection open with spaces, then sends its outcome")
    func longDecisionStreams() async throws {
        try await withBackbone({ $0.importWait = .milliseconds(1) }) { app in
            let c = try await Self.context(app)
            let month = ReportingPagesTests.thisMonth
            let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org")).requireID()
            let file = ImportTests.file(["PM-SERVED,Other Partner,\(month),,5,,,", "PM-SERVED,River Reads,\(month),,13,,,"]
                                        + ["female", "male", "another", "unknown"].map { "PM-SERVED,River Reads,\(month),\($0),\($0 == "female" ? 13 : 0),,," })
            _ = try await ReportImporter(db: app.db, scope: c.scope).run(try CSVTable.parse(file), allowedOrganizations: nil, intent: .submit, userID: admin, now: Date())
            let ids = try await SubmissionModel.query(on: app.db).all().map { "\"\($0.id!)\"" }.joined(separator: ",")
            var headers = c.admin
            headers.contentType = .json
            try await app.testing(method: .running(port: 0)).test(.POST, "/api/v1/initiatives/river/review-decisions", headers: headers,
                                                                   body: ByteBuffer(string: #"{"decision": "approve", "reports": [\#(ids)]}"#)) { res in
                #expect(res.status == .ok)
                let outcome = try? JSONDecoder().decode(ReviewAPI.OutcomeDTO.self, from: Data(res.text.trimmingCharacters(in: .whitespaces).utf8))
                #expect(outcome?.decided.count == 2 && outcome?.refused.isEmpty == true && outcome?.error == nil, "\(res.text.prefix(300))")
            }
            // bad asking is still refused with its status, before anything is decided
            try await app.testing(method: .running(port: 0)).test(.POST, "/api/v1/initiatives/river/review-decisions", headers: headers,
                                                                   body: ByteBuffer(string: #"{"decision": "return", "reports": [\#(ids)]}"#)) { res in
                #expect(res.status == .unprocessableEntity)
            }
            #expect(try await SubmissionModel.query(on: app.db).filter(\.$status == "approved").count() == 2)
        }
    }
}
