@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

/// The funding and outreach forms and endpoints get the extremes every input gets: int64 and
/// float64 bounds, NaN, a 10,000-character text, control characters, and a body too large.
@Suite("Extremes on the funding and outreach forms, the public voice form and their API")
struct FundingOutreachHardeningTests {
    @Test("every extreme in every field gets a 4xx and writes nothing; a body too large is refused unread; the server keeps answering")
    func extremes() async throws {
        try await withBackbone { app in
            // setup: one of each object to change
            let s = try await FundingTests.setUp(app)
            let g = s.g
            let outreach = OutreachRepository(db: app.db, scope: g.scope)
            try await g.admin.post(app, "/i/river/funding/commitments", FundingTests.fields(s.foundation, restriction: "unrestricted")) { #expect($0.status == .seeOther) }
            let commitment = try #require(try await FundingCommitmentModel.query(on: app.db).first())
            try await g.admin.post(app, "/i/river/outreach/events", OutreachTests.eventFields([g.club.id!])) { #expect($0.status == .seeOther) }
            let event = try #require(try await outreach.events().first)
            let item = try await outreach.record(FeedbackTerms(text: "Later buses", neighborhood: "", contactName: "", contactEmail: "", consent: false),
                                                 source: .staff, eventID: nil, strategyIDs: [], userID: nil, today: CalendarDay(containing: Date()), now: Date())
            try await g.admin.post(app, "/i/river/outreach/settings", ["voicePublic": "on"]) { #expect($0.status == .seeOther) }
            let token = try await Fixtures(app).apiToken(for: try #require(try await UserRepository(db: app.db).find(email: "admin@example.org")))
            let api: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
            let before = (try await FundingCommitmentModel.query(on: app.db).count(), try await OutreachEventModel.query(on: app.db).count(),
                          try await FeedbackItemModel.query(on: app.db).count())

            // act + verify: each extreme in each field, one at a time
            let forms: [(String, [String: String])] = [
                ("/i/river/funding/commitments/\(commitment.id!)", FundingTests.fields(s.foundation, restriction: "unrestricted").merging(["revision": "1"]) { $1 }),
                ("/i/river/funding/needs", ["year": "2026", "gapPercent": "50", "revision": "", "amount[backbone]": "1000", "currency[backbone]": "USD"]),
                ("/i/river/outreach/events/\(event.id!)", OutreachTests.eventFields([g.club.id!], revision: "1")),
                ("/i/river/outreach/feedback/\(item.id!)", ["response": "Done", "link": "none", "revision": "1"]),
            ]
            for (path, fields) in forms {
                for (name, _) in fields {
                    for extreme in NewFormsHardeningTests.extremes.filter({ !$0.isEmpty }) {
                        try await g.admin.post(app, path, fields.merging([name: extreme]) { $1 }) { res in
                            #expect(res.status.code < 500, "\(path) \(name)=\(extreme.prefix(20))")
                            // Short oddities are text some fields take; nothing takes 10,000 characters.
                            if res.status.code < 400 { #expect(extreme.count < 10_000, "\(path) \(name) took 10,000 characters") }
                        }
                    }
                }
            }
            // A sealed moment long enough ago, and room in the per-address limit, so each extreme reaches the checks.
            app.voiceRateLimit = PublicRateLimit(limit: 1_000, window: 600)
            let anonymous = try await Browser.anonymous(on: app)
            let shown = String(Int(Date().timeIntervalSince1970 - 30))
            for extreme in NewFormsHardeningTests.extremes {
                try await anonymous.post(app, "/p/river/voice", ["text": extreme, "neighborhood": extreme, "contactEmail": extreme, "consent": "on",
                                                                  "shown": shown, "seal": VoiceController.seal(shown, token: anonymous.csrfToken)]) {
                    #expect((400..<500).contains($0.status.code), "voice \(extreme.prefix(20))")
                }
            }
            for (path, key) in [("funding/commitments", "title"), ("outreach/events", "title"), ("outreach/feedback", "text")] {
                for extreme: Any in [Int64.max, Int64.min, 1.7976931348623157e308, "NaN", String(repeating: "x", count: 10_000)] {
                    try await app.testing().test(.POST, "/api/v1/initiatives/river/\(path)", headers: api,
                                                 body: try ScenarioPagesTests.json([key: extreme, "amount": ["currency": "USD", "minorUnits": extreme]])) {
                        #expect((400..<500).contains($0.status.code), "\(path) \(extreme)")
                    }
                }
            }
            #expect(try await FundingCommitmentModel.query(on: app.db).count() == before.0)
            #expect(try await OutreachEventModel.query(on: app.db).count() == before.1)
            #expect(try await FeedbackItemModel.query(on: app.db).count() == before.2, "no extreme was stored as feedback")

            // A body over the limit, on a real socket, is refused before it is read.
            let huge = String(repeating: "a", count: 2_000_000)
            for path in ["/i/river/funding/commitments", "/i/river/funding/needs", "/i/river/outreach/events", "/i/river/outreach/feedback/\(item.id!)"] {
                try await app.testing(method: .running(port: 0)).test(.POST, path, headers: g.admin.headers, beforeRequest: { req in
                    try req.content.encode(["csrf_token": g.admin.csrfToken, "title": huge], as: .urlEncodedForm)
                }) { #expect($0.status == .payloadTooLarge, "\(path)") }
            }
            for path in ["funding/commitments", "outreach/events", "outreach/feedback", "outreach/feedback/\(item.id!)/response"] {
                try await app.testing(method: .running(port: 0)).test(path.hasSuffix("response") ? .PUT : .POST, "/api/v1/initiatives/river/\(path)", headers: api,
                                                                      body: ByteBuffer(string: huge)) { #expect($0.status == .payloadTooLarge, "\(path)") }
            }
            try await app.testing().test(.GET, "/healthz") { #expect($0.status == .ok) }
        }
    }
}
