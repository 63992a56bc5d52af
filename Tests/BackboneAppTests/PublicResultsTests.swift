@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Public results: publishing choices, consent, the public pages, embeds and open data")
struct PublicResultsAppTests {
    struct Setup {
        let s: ReportingPagesTests.Setup
        let last: ReportingPeriod
        let this: ReportingPeriod
        /// An indicator with approved figures that is never chosen.
        let unchosen: IndicatorModel
    }

    /// River Reads (100 last month: 60 female, 40 male; 120 this month) and Other Partner (5 last
    /// month without breakdown, approved; 7 this month, submitted only), and an unchosen indicator
    /// (4,321 two months ago, when River Reads served 30).
    static func setUp(_ app: Application) async throws -> Setup {
        let s = try await ReportingPagesTests.setUp(app)
        let (last, this) = try await ExportTests.approveTwoMonths(app, s)
        let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
        let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
        let reporting = ReportingRepository(db: app.db, scope: scope)
        _ = try await reporting.save(organizationID: s.other.requireID(), period: this, reports: [s.served.id!: IndicatorReport(total: .init(value: 7))],
                                     expectedRevision: 0, intent: .submit, userID: admin.requireID(), now: Date())
        let indicators = IndicatorRepository(db: app.db, scope: scope)
        let unchosen = try await indicators.adopt(IndicatorCatalog.starter.entry(code: "PM-SESSIONS")!, now: Date())
        try await indicators.assign(indicator: unchosen, organizationID: s.partner.requireID(), dimensionKeys: [], now: Date())
        let saved = try await reporting.save(organizationID: s.partner.requireID(), period: last.previous,
                                             reports: [s.served.id!: IndicatorReport(total: .init(value: 30)), unchosen.id!: IndicatorReport(total: .init(value: 4321))],
                                             expectedRevision: 0, intent: .submit, userID: admin.requireID(), now: Date())
        try await reporting.review(saved.submission, to: .approved, comment: "", userID: admin.requireID(), now: Date())
        return Setup(s: s, last: last, this: this, unchosen: unchosen)
    }

    /// The form that publishes People served by gender and by partner.
    static func form(_ s: ReportingPagesTests.Setup, revision: Int, extra: [String: String] = [:]) -> [String: String] {
        let id = s.served.id!.uuidString
        return ["isPublic": "on", "threshold": "11", "revision": String(revision), "show-\(id)": "on",
                "breakdown-\(id)-gender": "on", "partners-\(id)": "on"].merging(extra) { $1 }
    }

    static func openData(_ app: Application) async throws -> [String: Any] {
        var object: [String: Any] = [:]
        try await app.testing().test(.GET, "/api/v1/public/river/results") { res in
            #expect(res.status == .ok)
            object = try #require(try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any])
        }
        return object
    }

    static func periods(_ data: [String: Any]) -> [String: [String: Any]] {
        let indicator = (data["indicators"] as? [[String: Any]])?.first ?? [:]
        return Dictionary(((indicator["periods"] as? [[String: Any]]) ?? []).map { ($0["period"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test("off until the backbone admin turns it on; only the admin may choose; the form saves and is audited")
    func choosing() async throws {
        try await withBackbone { app in
            // setup
            let r = try await Self.setUp(app)
            for path in ["/p/river", "/p/river/embed/PM-SERVED", "/api/v1/public/river/results", "/api/v1/public/river/results.csv", "/p/nowhere"] {
                try await app.testing().test(.GET, path) { #expect($0.status == .notFound, "\(path)") }
            }
            // act: a data steward and a viewer may not choose
            try await r.s.steward.get(app, "/i/river/publishing") { #expect($0.status == .forbidden) }
            try await r.s.steward.post(app, "/i/river/publishing", Self.form(r.s, revision: 0)) { #expect($0.status == .forbidden) }
            try await r.s.admin.get(app, "/i/river/publishing") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("People served") && res.text.contains("name=\"threshold\""))
            }
            try await r.s.admin.post(app, "/i/river/publishing", Self.form(r.s, revision: 0)) { res in
                #expect(res.status == .seeOther)
                #expect(res.location == "/i/river/publishing?done=publishing-saved")
            }
            // verify: saved, audited, public
            let scope = InitiativeScope(verifiedInitiativeID: r.s.partner.initiativeID)
            let stored = try await PublishingRepository(db: app.db, scope: scope).choices()
            #expect(stored.revision == 1 && stored.choices.isPublic && stored.choices.indicators.first?.breakdowns == ["gender"])
            #expect(try await PublishingRepository(db: app.db, scope: scope).events().map(\.action) == ["choices_saved"])
            try await app.testing().test(.GET, "/p/river") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("People served"))
                #expect(!res.text.contains("noindex"), "public results are meant to be found")
            }
            // A second save from the same stale form is a conflict, and changes nothing.
            try await r.s.admin.post(app, "/i/river/publishing", Self.form(r.s, revision: 0, extra: ["threshold": "20"])) { #expect($0.status == .conflict) }
            #expect(try await PublishingRepository(db: app.db, scope: scope).choices().choices.threshold == 11)
        }
    }

    @Test("bad choices are refused beside their field and nothing is saved: k under 3 or huge, averages, unknown breakdowns, periods of another frequency")
    func badChoices() async throws {
        try await withBackbone { app in
            let r = try await Self.setUp(app)
            let id = r.s.served.id!.uuidString
            let scope = InitiativeScope(verifiedInitiativeID: r.s.partner.initiativeID)
            for (extra, message) in [(["threshold": "2"], "at least 3"), (["threshold": "9223372036854775807"], "at least 3"),
                                     (["threshold": "NaN"], "at least 3"), (["from-\(id)": "2026-Q1"], "own periods"),
                                     (["from-\(id)": String(repeating: "9", count: 5000)], "own periods")] {
                try await r.s.admin.post(app, "/i/river/publishing", Self.form(r.s, revision: 0, extra: extra)) { res in
                    #expect(res.status == .unprocessableEntity, "\(extra)")
                    #expect(res.text.contains(message), "\(extra)")
                }
            }
            // Through the API: an unknown breakdown, an unknown code, an int64 revision.
            let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
            let auth: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: admin))", "Content-Type": "application/json"]
            for body in [#"{"isPublic":true,"threshold":11,"revision":0,"indicators":[{"code":"PM-SERVED","breakdowns":["shoe_size"]}]}"#,
                         #"{"isPublic":true,"threshold":11,"revision":0,"indicators":[{"code":"NOPE"}]}"#,
                         #"{"isPublic":true,"threshold":11,"revision":9223372036854775807,"indicators":[]}"#,
                         #"{"isPublic":true,"threshold":1e308,"revision":0,"indicators":[]}"#] {
                try await app.testing().test(.PUT, "/api/v1/initiatives/river/publishing", headers: auth, body: ByteBuffer(string: body)) { res in
                    #expect([400, 422].contains(res.status.code), "\(body): \(res.status)")
                }
            }
            #expect(try await PublishingRepository(db: app.db, scope: scope).choices().revision == 0)
            #expect(try await PublishingRepository(db: app.db, scope: scope).stamp() == 0)
        }
    }

    @Test("only what was chosen, approved and consented is public; small cells are hidden; every public route agrees")
    func nothingUnpublishedLeaks() async throws {
        try await withBackbone { app in
            // setup: published by gender and partner; River Reads agreed, Other Partner did not
            let r = try await Self.setUp(app)
            try await r.s.admin.post(app, "/i/river/publishing", Self.form(r.s, revision: 0)) { #expect($0.status == .seeOther) }
            try await r.s.steward.post(app, "/i/river/partners/\(r.s.partner.id!)/publication-consent", ["given": "yes"]) { #expect($0.status == .seeOther) }
            // A steward may not speak for another partner.
            try await r.s.steward.post(app, "/i/river/partners/\(r.s.other.id!)/publication-consent", ["given": "yes"]) { #expect($0.status == .forbidden) }
            // act
            let data = try await Self.openData(app)
            let periods = Self.periods(data)
            // verify: only the chosen indicator; this month counts only the approved 120, not the submitted 7
            let codes = (data["indicators"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
            #expect(codes == ["PM-SERVED"])
            #expect((periods[r.this.key]?["total"] as? [String: Any])?["value"] as? Double == 120)
            // Last month: Other Partner's 5 is "other partners" alone (one partner: hidden), so River Reads' 100 hides with it.
            let partners = try #require(periods[r.last.key]?["partners"] as? [String: [String: Any]])
            #expect(Set(partners.keys) == ["River Reads", "Other partners"])
            #expect(partners["Other partners"]?["suppressed"] as? Bool == true && partners["River Reads"]?["suppressed"] as? Bool == true)
            #expect((periods[r.last.key]?["total"] as? [String: Any])?["value"] as? Double == 105, "the total stays: partners can hide instead")
            // 5 people not broken down by gender: "Not reported" 5 is hidden, with the next smallest category (40 male).
            let gender = try #require((periods[r.last.key]?["breakdowns"] as? [String: [String: [String: Any]]])?["Gender"])
            #expect(gender["Not reported"]?["suppressed"] as? Bool == true && gender["Male"]?["suppressed"] as? Bool == true)
            #expect(gender["Female"]?["value"] as? Double == 60)
            // Every public route: nothing of the unchosen indicator, no figure of the unapproved report, no hidden value.
            var routes = ["/p/river", "/p/river/embed/PM-SERVED", "/api/v1/public/river/results", "/api/v1/public/river/results.csv"]
            routes.append(contentsOf: try await ImpactReportModel.query(on: app.db).all().map { "/p/river/reports/\($0.id!)" })
            for path in routes {
                try await app.testing().test(.GET, path) { res in
                    #expect(res.status == .ok, "\(path)")
                    for secret in ["PM-SESSIONS", "Service sessions", "4321", "4,321", "127", "Other Partner\"", ">Other Partner<"] {
                        #expect(!res.text.contains(secret), "\(path) shows \(secret)")
                    }
                }
            }
            try await app.testing().test(.GET, "/p/river/embed/PM-SESSIONS") { #expect($0.status == .notFound, "an unchosen indicator has no embed") }
        }
    }

    @Test("an approval, a consent withdrawn or a choice changed shows at once: the cache follows the generation and the record")
    func freshAfterChanges() async throws {
        try await withBackbone { app in
            let r = try await Self.setUp(app)
            try await r.s.admin.post(app, "/i/river/publishing", Self.form(r.s, revision: 0)) { #expect($0.status == .seeOther) }
            try await r.s.admin.post(app, "/i/river/partners/\(r.s.partner.id!)/publication-consent", ["given": "yes"]) { #expect($0.status == .seeOther) }
            #expect(Self.periods(try await Self.openData(app))[r.this.key]?["total"] as? [String: Double] == ["value": 120])
            // act: approve Other Partner's 7 for this month
            let scope = InitiativeScope(verifiedInitiativeID: r.s.partner.initiativeID)
            let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
            let submission = try #require(try await SubmissionModel.query(on: app.db).filter(\.$organizationID == r.s.other.id!)
                .filter(\.$periodKey == r.this.key).first())
            try await ReportingRepository(db: app.db, scope: scope).review(submission, to: .approved, comment: "", userID: admin.requireID(), now: Date())
            // verify: 127 at once; River Reads is named
            let after = Self.periods(try await Self.openData(app))[r.this.key]
            #expect((after?["total"] as? [String: Double]) == ["value": 127])
            #expect((after?["partners"] as? [String: [String: Any]])?.keys.contains("River Reads") == true)
            // act: River Reads withdraws
            try await r.s.steward.post(app, "/i/river/partners/\(r.s.partner.id!)/publication-consent", ["given": "no"]) { #expect($0.status == .seeOther) }
            let withdrawn = Self.periods(try await Self.openData(app))[r.this.key]
            #expect((withdrawn?["partners"] as? [String: [String: Any]]).map { Set($0.keys) } == ["Other partners"])
            #expect(try await PublishingRepository(db: app.db, scope: scope).events().map(\.action) == ["consent_withdrawn", "consent_given", "choices_saved"])
            // act: the public pages are turned off
            try await r.s.admin.post(app, "/i/river/publishing", Self.form(r.s, revision: 1, extra: ["isPublic": ""])) { #expect($0.status == .seeOther) }
            try await app.testing().test(.GET, "/api/v1/public/river/results") { #expect($0.status == .notFound) }
        }
    }

    @Test("only embeds may be framed, by any site; the public pages are cacheable and the open data readable from other origins")
    func framing() async throws {
        try await withBackbone { app in
            let r = try await Self.setUp(app)
            try await r.s.admin.post(app, "/i/river/publishing", Self.form(r.s, revision: 0)) { #expect($0.status == .seeOther) }
            try await app.testing().test(.GET, "/p/river/embed/PM-SERVED") { res in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors *") == true)
                #expect(res.headers.first(name: "X-Frame-Options") == nil)
                #expect(res.text.contains("<h1"))
            }
            try await app.testing().test(.GET, "/p/river") { res in
                #expect(res.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
                #expect(res.headers.first(name: "X-Frame-Options") == "DENY")
                #expect(res.headers.first(name: .cacheControl) == "public, max-age=60")
            }
            try await r.s.admin.get(app, "/i/river/publishing") { res in
                #expect(res.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
            }
            try await app.testing().test(.GET, "/api/v1/public/river/results.csv") { res in
                #expect(res.headers.first(name: "Access-Control-Allow-Origin") == "*")
                #expect(res.text.hasPrefix(CSVExport.byteOrderMark + "indicator_code,indicator_name,unit,rule,period,level"))
                // No partner agreed to be named: both are "other partners", two of them, so shown.
                #expect(res.text.contains("PM-SERVED,People served,count,sum,\(r.last.key),partner,,Other partners,105,,,false"))
            }
        }
    }

    @Test("one address gets 429 with Retry-After beyond its requests per minute; other routes are not limited")
    func rateLimited() async throws {
        try await withBackbone({ $0.publicRequestsPerMinute = 3 }) { app in
            let r = try await Self.setUp(app)
            try await r.s.admin.post(app, "/i/river/publishing", Self.form(r.s, revision: 0)) { #expect($0.status == .seeOther) }
            for _ in 0..<3 { try await app.testing().test(.GET, "/p/river") { #expect($0.status == .ok) } }
            try await app.testing().test(.GET, "/api/v1/public/river/results") { res in
                #expect(res.status == .tooManyRequests)
                #expect(Int(res.headers.first(name: "Retry-After") ?? "") ?? 0 >= 1)
            }
            try await r.s.admin.get(app, "/i/river/publishing") { #expect($0.status == .ok) }
        }
    }
}
