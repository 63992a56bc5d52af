@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Impact reports: composed, released frozen, shared by link")
struct ImpactReportTests {
    struct Setup {
        let s: ReportingPagesTests.Setup
        let last: ReportingPeriod
        let this: ReportingPeriod
        var path: String { "/i/river/impact-reports" }

        /// The form for a report over the two months' quarters with every section.
        func form(title: String = "Quarter in review") -> [String: String] {
            var fields = ["title": title, "audience": "funders", "from": last.within(.quarterly).key, "to": this.within(.quarterly).key,
                          "headline[]": s.served.id!.uuidString, "context": "Why we meet.", "nextSteps": "What we do next."]
            for (index, kind) in ImpactSectionKind.allCases.enumerated() { fields["place\(ImpactReportFormPage.fieldSuffix(kind))"] = String(index + 1) }
            return fields
        }
    }

    static func setUp(_ app: Application) async throws -> Setup {
        let s = try await ReportingPagesTests.setUp(app)
        let (last, this) = try await ExportTests.approveTwoMonths(app, s)
        let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
        let stories = StoryRepository(db: app.db, scope: scope)
        for (title, consent) in [("Consent given", Consent.given), ("Consent refused", .refused), ("Never asked", .notAsked)] {
            let story = try await stories.submit(.init(organizationID: s.partner.id, title: title, text: "A story.", aboutPerson: "A child",
                                                       consent: consent.rawValue, consentNote: consent == .given ? "Signed form" : "",
                                                       strategyID: nil, indicatorID: s.served.id, tags: "", photo: nil, photoType: nil), userID: nil, now: Date())
            try await stories.setStatus(story, to: .published, now: Date())
        }
        return Setup(s: s, last: last, this: this)
    }

    static func reportID(_ response: TestingHTTPResponse) throws -> UUID {
        let location = try #require(response.headers.first(name: .location))
        return try #require(UUID(uuidString: String(location.split(separator: "/").last?.split(separator: "?").first ?? "")))
    }

    @Test("a released report keeps the figures of its release: equal to the stored aggregates then, unchanged by a later approval")
    func frozenAtRelease() async throws {
        try await withBackbone { app in
            // setup
            let r = try await Self.setUp(app)
            var id = UUID()
            try await r.s.admin.post(app, r.path, r.form()) { res in
                #expect(res.status == .seeOther)
                id = try Self.reportID(res)
            }
            let scope = InitiativeScope(verifiedInitiativeID: r.s.partner.initiativeID)
            // act: release
            try await r.s.admin.post(app, "\(r.path)/\(id)/release", ["revision": "1"]) { #expect($0.status == .seeOther) }
            // verify: every figure equals the stored total of its period
            let report = try #require(try await ImpactReportRepository(db: app.db, scope: scope).find(id))
            let content = try #require(report.content)
            let stored = try await RollupRepository(db: app.db, scope: scope).series(indicatorID: r.s.served.id!, frequency: .monthly, basis: .approved)
            let headline = try #require(content.sections.first { $0.kind == .headline }?.figures?.first)
            // The latest month counting both partners: this month counts one so far.
            #expect(headline.period == r.last.key)
            #expect(headline.value == stored.first { $0.periodKey == r.last.key }?.value)
            #expect(headline.value == 105)
            #expect(headline.partnersCounted == 2)
            for point in headline.series {
                #expect(point.value == stored.first { $0.periodKey == point.period }?.value, "series point \(point.period)")
            }
            // Stories: only the one with consent, linked to the indicator it speaks to.
            let stories = try #require(content.sections.first { $0.kind == .stories }?.stories)
            #expect(stories.map(\.title) == ["Consent given"])
            #expect(stories.first?.speaksTo == [headline.name])
            // The feed says so, in the same transaction.
            let feed = try await UpdateRepository(db: app.db, scope: scope).feed(.init(kind: .reportReleased))
            #expect(feed.map(\.title) == ["Quarter in review"])
            // act: the other partner's month is approved later
            let reporting = ReportingRepository(db: app.db, scope: scope)
            let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
            let saved = try await reporting.save(organizationID: r.s.other.requireID(), period: r.this,
                                                 reports: [r.s.served.id!: IndicatorReport(total: .init(value: 30))],
                                                 expectedRevision: 0, intent: .submit, userID: admin.requireID(), now: Date())
            try await reporting.review(saved.submission, to: .approved, comment: "", userID: admin.requireID(), now: Date())
            // verify: the live totals moved (this month now counts both partners), the released report did not
            let now = try await RollupRepository(db: app.db, scope: scope).series(indicatorID: r.s.served.id!, frequency: .monthly, basis: .approved)
            #expect(now.first { $0.periodKey == r.this.key }?.value == 150)
            #expect(now.first { $0.periodKey == r.this.key }?.sources == 2)
            let again = try #require(try await ImpactReportRepository(db: app.db, scope: scope).find(id))
            #expect(again.content == content)
            try await r.s.viewer.get(app, "\(r.path)/\(id)") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("<strong class=\"big-number\">105</strong>"))
                #expect(res.text.contains("Dec 26: 120"), "the chart as released")
                #expect(!res.text.contains("Dec 26: 150"))
                #expect(res.text.contains("Consent given") && !res.text.contains("Consent refused") && !res.text.contains("Never asked"))
            }
            // A released report cannot be edited or released again.
            try await r.s.admin.post(app, "\(r.path)/\(id)/edit", r.form(title: "Changed") .merging(["revision": "2"]) { $1 }) { res in
                #expect(res.status == .conflict)
            }
            try await r.s.admin.post(app, "\(r.path)/\(id)/release", ["revision": "2"]) { #expect($0.status == .conflict) }
            #expect(try await ImpactReportRepository(db: app.db, scope: scope).find(id)?.title == "Quarter in review")
        }
    }

    @Test("drafts are the backbone's; members read released reports; a newer release supersedes an older one")
    func draftsAndSupersedes() async throws {
        try await withBackbone { app in
            let r = try await Self.setUp(app)
            var first = UUID(), second = UUID()
            try await r.s.admin.post(app, r.path, r.form(title: "First")) { first = try Self.reportID($0) }
            try await r.s.admin.post(app, r.path, r.form(title: "Second")) { second = try Self.reportID($0) }
            // A draft is invisible to members and cannot be shared.
            try await r.s.viewer.get(app, "\(r.path)/\(first)") { #expect($0.status == .notFound) }
            try await r.s.viewer.get(app, r.path) { #expect(!$0.text.contains("First")) }
            try await r.s.viewer.get(app, "\(r.path)/new") { #expect($0.status == .forbidden) }
            try await r.s.viewer.post(app, r.path, r.form()) { #expect($0.status == .forbidden) }
            try await r.s.admin.post(app, "\(r.path)/\(first)/share", [:]) { #expect($0.status == .conflict) }
            // The draft shows today's figures, composed on every view.
            try await r.s.admin.get(app, "\(r.path)/\(first)") { res in
                #expect(res.text.contains("Draft: figures as of"))
                #expect(res.text.contains("Release"))
            }
            try await r.s.admin.post(app, "\(r.path)/\(first)/release", ["revision": "1"]) { #expect($0.status == .seeOther) }
            // A stale revision is refused; the right one releases and supersedes the first.
            try await r.s.admin.post(app, "\(r.path)/\(second)/release", ["revision": "7", "supersedes": first.uuidString]) { #expect($0.status == .conflict) }
            try await r.s.admin.post(app, "\(r.path)/\(second)/release", ["revision": "1", "supersedes": "not-a-uuid"]) { #expect($0.status == .unprocessableEntity) }
            try await r.s.admin.post(app, "\(r.path)/\(second)/release", ["revision": "1", "supersedes": first.uuidString]) { #expect($0.status == .seeOther) }
            try await r.s.viewer.get(app, "\(r.path)/\(first)") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("A newer release supersedes this report"))
                #expect(res.text.contains(second.uuidString))
            }
            // Delete works on drafts only.
            try await r.s.admin.post(app, "\(r.path)/\(first)/delete", [:]) { #expect($0.status == .conflict) }
            var third = UUID()
            try await r.s.admin.post(app, r.path, r.form(title: "Third")) { third = try Self.reportID($0) }
            try await r.s.admin.post(app, "\(r.path)/\(third)/delete", [:]) { #expect($0.status == .seeOther) }
            try await r.s.admin.get(app, "\(r.path)/\(third)") { #expect($0.status == .notFound) }
            // Another initiative sees none of it.
            try await Fixtures(app).initiative("elsewhere")
            try await r.s.admin.get(app, "/i/elsewhere/impact-reports/\(second)") { #expect($0.status == .notFound) }
        }
    }

    @Test("an outsider reads a shared report signed out, never indexed; a revoked or made-up link is 404")
    func shareLink() async throws {
        try await withBackbone { app in
            let r = try await Self.setUp(app)
            var id = UUID()
            try await r.s.admin.post(app, r.path, r.form()) { id = try Self.reportID($0) }
            try await r.s.admin.post(app, "\(r.path)/\(id)/release", ["revision": "1"]) { #expect($0.status == .seeOther) }
            var link = ""
            try await r.s.admin.post(app, "\(r.path)/\(id)/share", [:]) { res in
                #expect(res.status == .ok)
                let match = try #require(res.text.firstMatch(of: /\/shared\/impact-reports\/([A-Za-z0-9_-]{40,})/))
                link = String(match.0)
            }
            try await app.testing().test(.GET, link) { res in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: "X-Robots-Tag") == "noindex, nofollow")
                #expect(res.body.string.contains("<meta name=\"robots\" content=\"noindex, nofollow\"/>"))
                #expect(res.body.string.contains("Quarter in review"))
                #expect(!res.body.string.contains("/i/river/indicators/"), "no links into the initiative for outsiders")
            }
            try await app.testing().test(.GET, "/shared/impact-reports/\(String(repeating: "A", count: 43))") { #expect($0.status == .notFound) }
            try await app.testing().test(.GET, "/shared/impact-reports/\(String(repeating: "A", count: 5000))") { #expect($0.status == .notFound) }
            try await app.testing().test(.GET, link + "/print.css") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.hasPrefix("@page { @top-left { content: \"Initiative river \\b7  Quarter in review\""))
            }
            try await r.s.admin.post(app, "\(r.path)/\(id)/share/revoke", [:]) { #expect($0.status == .seeOther) }
            try await app.testing().test(.GET, link) { #expect($0.status == .notFound) }
            try await app.testing().test(.GET, link + "/print.css") { #expect($0.status == .notFound) }
        }
    }

    @Test("bad plans are refused beside their fields and write nothing; a span with no data says what is missing")
    func badInput() async throws {
        try await withBackbone { app in
            let r = try await Self.setUp(app)
            let scope = InitiativeScope(verifiedInitiativeID: r.s.partner.initiativeID)
            let cases: [[String: String]] = [
                [:],
                ["title": "", "audience": "funders", "from": "2026-Q1", "to": "2026-Q1", "placeContext": "1", "context": "x"],
                r.form().merging(["from": "2026-Q3", "to": "2026-Q1"]) { $1 },
                r.form().merging(["from": "2026-13"]) { $1 },
                r.form().merging(["audience": "everyone"]) { $1 },
                r.form().merging(["placeLearning": "99"]) { $1 },
                r.form().merging(["placeLearning": "-9223372036854775808"]) { $1 },
                r.form().merging(["headline[]": UUID().uuidString]) { $1 },
                r.form().merging(["headline[]": "nonsense"]) { $1 },
                r.form().merging(["title": String(repeating: "x", count: 201)]) { $1 },
                r.form().merging(["title": "Bell\u{07}"]) { $1 },
                r.form().merging(["context": String(repeating: "x", count: 20_001)]) { $1 },
                r.form().merging(["context": ""]) { $1 },
                Dictionary(uniqueKeysWithValues: r.form().filter { !$0.key.hasPrefix("place") }.map { ($0.key, $0.value) }),
            ]
            for fields in cases {
                try await r.s.admin.post(app, r.path, fields) { res in
                    #expect(res.status == .unprocessableEntity, "\(fields.keys.sorted())")
                    #expect(res.text.contains("There is a problem") || res.text.contains("field-error"))
                }
            }
            #expect(try await ImpactReportRepository(db: app.db, scope: scope).all(includeDrafts: true).isEmpty, "nothing written")
            // A span long past, with no figures: the report says so instead of inventing anything.
            var id = UUID()
            try await r.s.admin.post(app, r.path, r.form().merging(["from": "2020-Q1", "to": "2020-Q4"]) { $1 }) { id = try Self.reportID($0) }
            try await r.s.admin.get(app, "\(r.path)/\(id)") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("has no figure for January 2020"))
                #expect(res.text.contains("0 of 12"), "twelve monthly reports were due from each partner")
            }
        }
    }

    @Test("the API lists, composes and releases; members see released reports only; a second release is a conflict")
    func api() async throws {
        try await withBackbone { app in
            let r = try await Self.setUp(app)
            let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
            let viewer = try #require(try await UserRepository(db: app.db).find(email: "viewer@example.org"))
            let asAdmin: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: admin))", "Content-Type": "application/json"]
            let asViewer: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: viewer))", "Content-Type": "application/json"]
            let api = "/api/v1/initiatives/river/impact-reports"
            let body = """
            {"title":"By API","audience":"public","from":"\(r.last.within(.quarterly).key)","to":"\(r.this.within(.quarterly).key)",
             "sections":["headline","learning","stories"],"headlineIndicators":["\(r.s.served.code)"]}
            """
            var id = UUID()
            try await app.testing().test(.POST, api, headers: asAdmin, body: ByteBuffer(string: body)) { res in
                #expect(res.status == .created)
                let report = try res.content.decode(ImpactReportAPI.ReportDTO.self)
                id = report.report.id
                #expect(report.report.status == "draft")
                #expect(report.content.sections.map(\.kind) == [.headline, .learning, .stories])
            }
            try await app.testing().test(.POST, api, headers: asViewer, body: ByteBuffer(string: body)) { #expect($0.status == .forbidden) }
            try await app.testing().test(.GET, api, headers: asViewer) { res in
                let list = try res.content.decode(ImpactReportAPI.ListDTO.self)
                #expect(list.items.isEmpty, "drafts are the backbone's")
            }
            try await app.testing().test(.GET, "\(api)/\(id)", headers: asViewer) { #expect($0.status == .notFound) }
            for bad in ["{}", "{\"title\":\"x\",\"audience\":\"public\",\"from\":\"2026-Q1\",\"to\":\"2026-Q1\",\"sections\":[\"nope\"]}",
                        "{\"title\":\"x\",\"audience\":\"public\",\"from\":\"2026-Q1\",\"to\":\"2026-Q1\",\"sections\":[\"headline\"],\"headlineIndicators\":[\"NOPE\"]}",
                        "{\"title\":\"x\",\"audience\":\"public\",\"from\":\"2026-Q1\",\"to\":\"2026-Q1\",\"sections\":[\"learning\"],\"extra\":1}"] {
                try await app.testing().test(.POST, api, headers: asAdmin, body: ByteBuffer(string: bad)) { res in
                    #expect((400...422).contains(res.status.code), "\(bad)")
                }
            }
            // A draft's plan changes with the revision read; a stale one is a conflict.
            let revised = body.replacingOccurrences(of: "\"By API\"", with: "\"By API, revised\"").replacingOccurrences(of: "]}", with: "],\"revision\":1}")
            try await app.testing().test(.PUT, "\(api)/\(id)", headers: asAdmin, body: ByteBuffer(string: revised)) { res in
                #expect(res.status == .ok)
                let report = try res.content.decode(ImpactReportAPI.ReportDTO.self)
                #expect(report.report.title == "By API, revised" && report.report.revision == 2)
            }
            try await app.testing().test(.PUT, "\(api)/\(id)", headers: asAdmin, body: ByteBuffer(string: revised)) { res in
                #expect(res.status == .conflict)
            }
            try await app.testing().test(.PUT, "\(api)/\(id)", headers: asViewer, body: ByteBuffer(string: revised)) { res in
                #expect(res.status == .forbidden)
            }
            // A draft cannot be shared.
            try await app.testing().test(.POST, "\(api)/\(id)/share", headers: asAdmin) { res in #expect(res.status == .conflict) }
            try await app.testing().test(.POST, "\(api)/\(id)/release", headers: asAdmin, body: ByteBuffer(string: "{\"revision\":9223372036854775807}")) { res in
                #expect(res.status == .unprocessableEntity || res.status == .badRequest)
            }
            try await app.testing().test(.POST, "\(api)/\(id)/release", headers: asAdmin, body: ByteBuffer(string: "{\"revision\":2}")) { res in
                #expect(res.status == .ok)
                let released = try res.content.decode(ImpactReportAPI.ReportDTO.self)
                #expect(released.report.status == "released")
            }
            try await app.testing().test(.POST, "\(api)/\(id)/release", headers: asAdmin, body: ByteBuffer(string: "{\"revision\":3}")) { res in #expect(res.status == .conflict) }
            try await app.testing().test(.DELETE, "\(api)/\(id)", headers: asAdmin) { res in #expect(res.status == .conflict) }
            // Shared through the API: the link works signed out until it is revoked.
            var link = ""
            try await app.testing().test(.POST, "\(api)/\(id)/share", headers: asViewer) { res in #expect(res.status == .forbidden) }
            try await app.testing().test(.POST, "\(api)/\(id)/share", headers: asAdmin) { res in
                #expect(res.status == .created)
                link = try res.content.decode(ImpactReportAPI.ShareDTO.self).link
            }
            let path = String(link[try #require(link.range(of: "/shared/")).lowerBound...])
            try await app.testing().test(.GET, path) { res in #expect(res.status == .ok) }
            try await app.testing().test(.DELETE, "\(api)/\(id)/share", headers: asAdmin) { res in #expect(res.status == .noContent) }
            try await app.testing().test(.GET, path) { res in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "\(api)/\(id)", headers: asViewer) { res in
                #expect(res.status == .ok)
                let report = try res.content.decode(ImpactReportAPI.ReportDTO.self)
                #expect(report.plan == nil, "the plan is the backbone's")
                #expect(report.content.sections.first?.figures?.first?.value == 105)
            }
            // Both texts at their longest, each character escaped: accepted by a real server's body limit.
            let long = String(repeating: "\\u00e9", count: ImpactReportPlan.maxText)
            let longest = "{\"title\":\"Long\",\"audience\":\"public\",\"from\":\"2026-Q1\",\"to\":\"2026-Q1\",\"sections\":[\"context\",\"next_steps\"]," +
                "\"context\":\"\(long)\",\"nextSteps\":\"\(long)\"}"
            try await app.testing(method: .running(port: 0)).test(.POST, api, headers: asAdmin, body: ByteBuffer(string: longest)) { res in
                #expect(res.status == .created)
            }
            try await app.testing().test(.GET, "/i/river/impact-reports/\(id)/data.csv", headers: [:]) { #expect($0.status != .ok) }
            try await r.s.viewer.get(app, "/i/river/impact-reports/\(id)/data.csv") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("headline,\(r.s.served.code),"))
            }
        }
    }
}

@Suite("Impact reports: the printed header")
struct ImpactReportPrintTests {
    @Test("a title cannot end the CSS string of the printed header, whatever it holds")
    func headerEscaped() {
        let css = ImpactReportController.cssText("Q3 \"}; body { display: none } </style> \\ é\n·")
        #expect(!css.contains("\"") && !css.contains("}") && !css.contains("<") && !css.contains("\n") && !css.contains("\\\\"))
        #expect(css.hasPrefix("Q3 \\22 \\7d \\3b  body \\7b  display\\3a  none \\7d  \\3c \\2f style\\3e  \\5c  \\e9 \\a \\b7 "))
    }
}
