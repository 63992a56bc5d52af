@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Measurement API")
struct MeasurementAPITests {
    @Test("a partner lists its assignments, saves and submits a report with the same checks as the form")
    func reportRoundTrip() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let steward = try #require(try await UserRepository(db: app.db).find(email: "steward@example.org"))
            let token = try await Fixtures(app).apiToken(for: steward)
            let auth: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            try await app.testing().test(.GET, "/api/v1/initiatives/river/assignments", headers: auth) { res in
                #expect(res.status == .ok)
                let list = try res.content.decode(ListDTO<MeasurementAPI.AssignmentDTO>.self)
                #expect(list.items.map(\.organizationName) == ["River Reads"])
                #expect(list.items.first?.dimensions == ["gender"])
            }
            let period = ReportingPagesTests.thisMonth
            let path = "/api/v1/initiatives/river/reports/\(s.partner.id!)/\(period)"
            try await app.testing().test(.GET, path, headers: auth) { res in
                let report = try res.content.decode(MeasurementAPI.ReportDTO.self)
                #expect(report.status == "not_started")
                #expect(report.revision == 0)
            }
            func put(_ json: String, _ verify: (TestingHTTPResponse) async throws -> Void) async throws {
                var headers = auth
                headers.contentType = .json
                try await app.testing().test(.PUT, path, headers: headers, body: ByteBuffer(string: json), afterResponse: verify)
            }
            // breakdown does not add up: 422 naming the field by code
            try await put(#"{"intent": "submit", "revision": 0, "indicators": [{"code": "PM-SERVED", "total": {"value": 10}, "cells": [{"dimension": "gender", "category": "female", "figure": {"value": 4}}, {"dimension": "gender", "category": "male", "figure": {"value": 4}}, {"dimension": "gender", "category": "another", "figure": {"value": 0}}, {"dimension": "gender", "category": "unknown", "figure": {"value": 0}}]}]}"#) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("PM-SERVED.cell.gender"))
            }
            // nested unknown field, unknown code, bad intent
            try await put(#"{"intent": "draft", "indicators": [{"code": "PM-SERVED", "total": {"valeu": 3}}]}"#) { #expect($0.status == .unprocessableEntity) }
            try await put(#"{"intent": "draft", "indicators": [{"code": "HLT-LBW", "total": {"value": 3}}]}"#) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("does not report"))
            }
            try await put(#"{"intent": "publish", "indicators": []}"#) { #expect($0.status == .unprocessableEntity) }
            #expect(try await MeasurementValueModel.query(on: app.db).count() == 0)
            // a draft, then a stale revision is a conflict
            try await put(#"{"intent": "draft", "revision": 0, "indicators": [{"code": "PM-SERVED", "total": {"value": 8}}]}"#) { res in
                #expect(res.status == .ok)
                let report = try res.content.decode(MeasurementAPI.ReportDTO.self)
                #expect(report.status == "draft")
                #expect(report.revision == 1)
                #expect(report.indicators.first?.total.value == 8)
            }
            try await put(#"{"intent": "draft", "revision": 0, "indicators": [{"code": "PM-SERVED", "total": {"value": 9}}]}"#) { res in
                #expect(res.status == .conflict)
                #expect(res.headers.contentType?.subType == "problem+json")
            }
            try await put(#"{"intent": "submit", "revision": 1, "indicators": [{"code": "PM-SERVED", "total": {"value": 8}, "cells": [{"dimension": "gender", "category": "female", "figure": {"value": 4}}, {"dimension": "gender", "category": "male", "figure": {"value": 4}}, {"dimension": "gender", "category": "another", "figure": {"value": 0}}, {"dimension": "gender", "category": "unknown", "figure": {"value": 0}}]}]}"#) { res in
                #expect(res.status == .ok)
                let report = try res.content.decode(MeasurementAPI.ReportDTO.self)
                #expect(report.status == "submitted")
            }
            // another partner's report: 403; another initiative's: 404
            try await app.testing().test(.GET, "/api/v1/initiatives/river/reports/\(s.other.id!)/\(period)", headers: auth) { #expect($0.status == .forbidden) }
            try await app.testing().test(.GET, "/api/v1/initiatives/elsewhere/reports/\(s.partner.id!)/\(period)", headers: auth) { #expect($0.status == .notFound) }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/reports/\(s.partner.id!)/2026-13", headers: auth) { #expect($0.status == .notFound) }
        }
    }

    @Test("a report's history lists its workflow steps and every change of a figure, to those who may read the report")
    func reportHistory() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let steward = try #require(try await UserRepository(db: app.db).find(email: "steward@example.org"))
            let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
            let auth: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: steward))"]
            let period = ReportingPeriod.containing(Date(), frequency: .monthly)
            let path = "/api/v1/initiatives/river/reports/\(s.partner.id!)/\(period.key)/history"
            try await app.testing().test(.GET, path, headers: auth) { res in
                #expect(res.status == .ok)
                let history = try res.content.decode(ReportHistoryAPI.HistoryDTO.self)
                #expect(history.status == "not_started")
                #expect(history.steps.isEmpty && history.changes.isEmpty)
            }
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            let reporting = ReportingRepository(db: app.db, scope: scope)
            let cells: [String: ValueEntry] = ["female": .init(value: 5), "male": .init(value: 4), "another": .init(value: 0), "unknown": .init(value: 0)]
            _ = try await reporting.save(organizationID: s.partner.requireID(), period: period, reports: [s.served.id!: IndicatorReport(total: .init(value: 7))],
                                         expectedRevision: 0, intent: .saveDraft, userID: steward.requireID(), now: Date())
            let submitted = try await reporting.save(organizationID: s.partner.requireID(), period: period,
                                                     reports: [s.served.id!: IndicatorReport(total: .init(value: 9), cells: ["gender": cells])],
                                                     expectedRevision: 1, intent: .submit, userID: steward.requireID(), now: Date())
            try await reporting.review(submitted.submission, to: .returned, comment: "Please check the March figure.", userID: admin.requireID(), now: Date())
            try await app.testing().test(.GET, path, headers: auth) { res in
                #expect(res.status == .ok)
                let history = try res.content.decode(ReportHistoryAPI.HistoryDTO.self)
                #expect(history.status == "returned")
                #expect(history.steps.map(\.action) == ["draft_saved", "submitted", "returned"])
                #expect(history.steps.map(\.revision) == [1, 2, 3])
                #expect(history.steps.last?.comment == "Please check the March figure.")
                #expect(history.steps.last?.userName == "admin")
                let totals = history.changes.filter { $0.dimension == nil }
                #expect(totals.map { $0.before?.value } == [nil, 7])
                #expect(totals.map { $0.after?.value } == [7, 9])
                #expect(totals.allSatisfy { $0.indicatorCode == "PM-SERVED" && $0.after?.definitionVersion == 1 })
                #expect(history.changes.filter { $0.dimension == "gender" }.count == 4)
            }
            // The same rules as the report: another partner's history is not the steward's to read.
            try await app.testing().test(.GET, "/api/v1/initiatives/river/reports/\(s.other.id!)/\(period.key)/history", headers: auth) {
                #expect($0.status == .forbidden)
            }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/reports/\(s.partner.id!)/2026-Q5/history", headers: auth) {
                #expect($0.status == .notFound)
            }
            // The report page shows the same steps to the partner.
            try await s.steward.get(app, "/i/river/reporting/\(s.partner.id!)/\(period.key)") { res in
                #expect(res.text.contains("Returned"))
                #expect(res.text.contains("Please check the March figure."))
                #expect(res.text.contains("Saved as a draft"))
            }
        }
    }
}
