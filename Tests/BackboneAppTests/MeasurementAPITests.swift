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
}
