@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

/// Inputs from an outside review that could stop the server, leak or mislead: each is refused
/// with a clear answer, and the server goes on answering.
@Suite("Hardening: no input stops the server, leaks or misleads")
struct HardeningTests {
    static let int64Max = "9223372036854775807"

    @Test("a revision of int64 max, or any beyond the bound, is refused at the edge on every form and the API, and the server keeps answering")
    func revisionsAreBounded() async throws {
        try await withBackbone { app in
            // setup: an activity, a working group with a meeting, and an agenda draft
            let (s, early) = try await MeetingTests.setUp(app)
            try await s.admin.post(app, "/i/river/activities", GovernanceTests.activityFields(s.reads.id!, s.reading)) { #expect($0.status == .seeOther) }
            let activity = try #require(try await ActivityRepository(db: app.db, scope: s.scope).all().first)
            try await s.lead.post(app, "/i/river/meetings", MeetingTests.meetingFields(body: early.uuidString, day: MeetingTests.dayKey(7))) { #expect($0.status == .seeOther) }
            let meeting = try #require(try await MeetingRepository(db: app.db, scope: s.scope).meetings().first)
            let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
            let auth: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: admin))", "Content-Type": "application/json"]

            // act + verify: the API
            for revision in [Self.int64Max, "2147483648", "-1", "1.5", "1e300"] {
                try await app.testing().test(.PATCH, "/api/v1/initiatives/river/activities/\(activity.id!)", headers: auth,
                                             beforeRequest: { $0.body = .init(string: #"{"revision": \#(revision), "kind": "Changed"}"#) }) { res in
                    #expect(res.status == .badRequest, "revision \(revision)")
                }
            }
            // Every form that posts a revision.
            var activityForm = GovernanceTests.activityFields(s.reads.id!, s.reading, kind: "Typed kind")
            activityForm["revision"] = Self.int64Max
            let forms: [(String, [String: String])] = [
                ("/i/river/activities/\(activity.id!)", activityForm),
                ("/i/river/governance/\(early)/charter", ["name": "Early Learning", "purpose": "Typed purpose", "revision": Self.int64Max]),
                ("/i/river/governance/\(early)/cycle", ["quarter": "2026-Q3", "stage": "plan", "note.plan": "Typed plan", "revision": Self.int64Max]),
                ("/i/river/meetings/\(meeting.id!)/minutes", ["minutes": "Typed minutes", "revision": Self.int64Max]),
                ("/i/river/agenda/draft", ["problemStatement": "Typed problem", "revision": Self.int64Max]),
            ]
            for (path, fields) in forms {
                try await s.admin.post(app, path, fields) { res in
                    #expect([.conflict, .unprocessableEntity].contains(res.status), "\(path): \(res.status)")
                    #expect(res.text.contains("This form is damaged"), "\(path)")
                    #expect(res.text.contains("Typed"), "\(path): what was typed is kept")
                }
            }
            // Nothing changed, and the server still answers, with the right revision accepted.
            #expect(try await ActivityRepository(db: app.db, scope: s.scope).find(activity.id!)?.kind == "Reading camp")
            try await app.testing().test(.PATCH, "/api/v1/initiatives/river/activities/\(activity.id!)", headers: auth,
                                         beforeRequest: { $0.body = .init(string: #"{"revision": 1, "kind": "Changed"}"#) }) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains(#""revision":2"#))
            }
        }
    }

    @Test("a posted revision is written back escaped: a failed save cannot inject markup")
    func revisionIsEscapedWhenEchoed() async throws {
        try await withBackbone { app in
            let (s, early) = try await MeetingTests.setUp(app)
            try await s.admin.post(app, "/i/river/governance/\(early)/charter", ["name": "", "purpose": "x", "revision": #""><script>alert(1)</script>"#]) { res in
                #expect(!res.text.contains("<script>alert(1)"))
            }
        }
    }

    @Test("figures are bounded at entry on every path, and a total that is not finite is shown as no value, never a 500")
    func figuresAreBounded() async throws {
        try await withBackbone { app in
            // setup
            let s = try await ReportingPagesTests.setUp(app)
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            let reporting = ReportingRepository(db: app.db, scope: scope)
            let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
            let period = ReportingPeriod.containing(Date(), frequency: .monthly)
            let path = "/i/river/reporting/\(s.other.id!)/\(period.key)"

            // act + verify: the form refuses a huge figure, keeping it in the form
            try await s.admin.post(app, path, ["\(s.served.id!).total.value": "170000000000000000000", "revision": "0"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("no larger than 1,000,000,000,000"))
            }
            // ...and so does the API.
            let token = try await Fixtures(app).apiToken(for: admin)
            try await app.testing().test(.PUT, "/api/v1/initiatives/river/reports/\(s.other.id!)/\(period.key)",
                                         headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                         beforeRequest: { $0.body = .init(string: #"{"intent": "submit", "indicators": [{"indicatorId": "\#(s.served.id!)", "total": {"value": 1e13}}]}"#) }) { res in
                #expect(res.status == .unprocessableEntity)
            }

            // Two approved figures written before the bounds existed add up to infinity.
            for organization in [s.partner, s.other] {
                let saved = try await reporting.save(organizationID: organization.requireID(), period: period, reports: [s.served.id!: IndicatorReport(total: .init(value: 1))],
                                                     expectedRevision: nil, intent: .submit, userID: admin.requireID(), now: Date())
                try await reporting.review(saved.submission, to: .approved, comment: "", userID: admin.requireID(), now: Date())
            }
            try await (app.db as! any SQLDatabase).update(MeasurementValueModel.schema).set("value", to: 1.7e308).run()
            _ = try await RollupRepository(db: app.db, scope: scope).rebuild()
            try await app.testing().test(.GET, "/api/v1/initiatives/river/results", headers: ["Authorization": "Bearer \(token)"]) { res in
                #expect(res.status == .ok)
                #expect(!res.text.lowercased().contains("inf"))
            }
            try await s.admin.get(app, "/i/river/results") { res in
                #expect(res.status == .ok)
                #expect(!res.text.contains(">nan") && !res.text.contains(">inf") && !res.text.contains("∞"))
            }
        }
    }

    @Test("a CSV header far wider than the format is refused at once, naming the limit; unknown columns are listed without a query each")
    func wideHeaders() async throws {
        let wide = (0..<20_000).map { "column_\($0)" }.joined(separator: ",") + "\n" + Array(repeating: "1", count: 20_000).joined(separator: ",") + "\n"
        let refused = #expect(throws: CSVTable.Problem.self) { try CSVTable.parse(Data(wide.utf8)) }
        #expect(refused?.line == 1 && refused?.message.contains("more than \(CSVTable.maximumColumns) columns") == true)

        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            let header = ["indicator_code", "partner", "period"] + (0..<60).map { "extra_\($0)" }
            let table = try CSVTable.parse(Data((header.joined(separator: ",") + "\n" + Array(repeating: "x", count: header.count).joined(separator: ",") + "\n").utf8))
            let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
            let problems = await #expect(throws: ReportImporter.ImportProblems.self) {
                try await ReportImporter(db: app.db, scope: scope).run(table, allowedOrganizations: nil, intent: .saveDraft, userID: admin.requireID(), now: Date())
            }
            #expect(problems?.problems.count == 60)
        }
    }

    @Test("over a real socket, story photos of 1 MB and 4.9 MB are accepted and one of 5.1 MB is refused with a clear answer")
    func photoUploadsUpToTheirLimit() async throws {
        try await withBackbone { app in
            // setup
            let s = try await ReportingPagesTests.setUp(app)
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            app.http.client.configuration.redirectConfiguration = .disallow
            let port = try #require(app.http.server.shared.localAddress?.port)
            func submit(photoBytes: Int) async throws -> ClientResponse {
                let boundary = "----story"
                var headers = s.steward.headers
                headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                let fields = ["csrf_token": s.steward.csrfToken, "organization": s.partner.id!.uuidString, "title": "A story of \(photoBytes) bytes",
                              "text": "Told with a photo.", "aboutPerson": "", "consent": "given", "consentNote": "Signed release.", "tags": "",
                              "photoAlt": "A grey square"]
                // A real PNG grown to the size wanted, its end chunk still last.
                let photo = StoryTests.png.dropLast(12) + [UInt8](repeating: 0, count: photoBytes - StoryTests.png.count) + StoryTests.png.suffix(12)
                return try await app.client.post(URI(string: "http://127.0.0.1:\(port)/i/river/stories"), headers: headers) { req in
                    req.body = multipartBody(fields, file: ("photo", "photo.png", "image/png", photo), boundary: boundary)
                }
            }
            // act + verify
            let small = try await submit(photoBytes: 1_000_000)
            #expect(small.status == .seeOther, "\(small.status): \(small.body.map { String(buffer: $0) }?.prefix(300) ?? "")")
            #expect(try await submit(photoBytes: 4_900_000).status == .seeOther)
            let tooLarge = try await submit(photoBytes: 5_400_000)
            #expect([.payloadTooLarge, .unprocessableEntity].contains(tooLarge.status))
            #expect(try await StoryRepository(db: app.db, scope: InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)).all().count == 2)
            await app.server.shutdown()
        }
    }

    @Test("after sign-in and from a notification, only a path on this site is followed, as every browser reads it")
    func noOpenRedirect() async throws {
        for hostile in ["/\t/evil.example/", "/\\evil.example", "//evil.example", "https://evil.example", "/\n/evil.example", " /x", "/%2F/evil.example",
                        "/%5Cevil.example", "/x\u{7F}", "javascript:alert(1)", "", String(repeating: "/a", count: 2_000)] {
            #expect(LocalPath.checked(hostile) == nil, "\(hostile.debugDescription)")
        }
        for local in ["/", "/i/river/reporting", "/i/river/indicators/9F1E?tab=x#comments"] {
            #expect(LocalPath.checked(local) == local)
        }
        try await withBackbone { app in
            let user = try await Fixtures(app).user("ada@example.org")
            let browser = try await Browser.anonymous(on: app)
            try await browser.post(app, "/login", ["email": "ada@example.org", "password": TestPassword.plain, "next": "/\t/evil.example/"]) { res in
                #expect(res.status == .seeOther)
                #expect(res.location == "/")
            }
            let session = try await Fixtures(app).session(for: user)
            try await session.post(app, "/notifications/read", ["open": "/\\evil.example"]) { #expect($0.location == "/notifications") }
        }
    }

    @Test("a mention of someone who may not read the page is refused with the text kept, and they are told nothing")
    func mentionsRespectWhoMayRead() async throws {
        try await withBackbone { app in
            // setup: a story the steward submitted, not yet published; the viewer of another partner cannot see it
            let s = try await ReportingPagesTests.setUp(app)
            let fixtures = Fixtures(app)
            let initiative = try #require(try await InitiativeRepository(db: app.db).find(slug: "river"))
            let outsider = try await fixtures.user("outsider@example.org")
            try await fixtures.member(outsider, of: initiative, at: s.other, as: .partnerViewer)
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            let steward = try #require(try await UserRepository(db: app.db).find(email: "steward@example.org"))
            let story = try await StoryRepository(db: app.db, scope: scope).submit(
                .init(organizationID: s.partner.requireID(), title: "Secret draft story", text: "Not yet for everyone.", aboutPerson: "", consent: "given",
                      consentNote: "Signed.", strategyID: nil, indicatorID: nil, tags: "", photo: nil, photoType: nil), userID: steward.requireID(), now: Date())

            // act
            try await s.steward.post(app, "/i/river/comments", ["target": "story", "targetID": story.id!.uuidString, "text": "@outsider look at this"]) { res in
                #expect(res.status == .seeOther)
                #expect(res.location?.contains("comment_error=unreadable-mention") == true)
                #expect(res.location?.removingPercentEncoding?.contains("comment_text=@outsider look at this") == true, "the text is kept")
            }
            // verify
            #expect(try await NotificationRepository(db: app.db).recent(userID: outsider.requireID()).isEmpty)
            #expect(try await CommentRepository(db: app.db, scope: scope).thread(.story, story.id!).isEmpty)
            // The viewer of the same partner may read it, so may be mentioned.
            try await s.steward.post(app, "/i/river/comments", ["target": "story", "targetID": story.id!.uuidString, "text": "@viewer look at this"]) { res in
                #expect(res.location?.contains("comment_error") == false)
            }
        }
    }

    @Test("a message in the address is shown only if it is one of the server's own; free text never is")
    func commentMessagesComeFromTheServer() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let page = "/i/river/indicators/\(s.served.id!)"
            try await s.viewer.get(app, page + "?comment_error=Your%20account%20is%20locked.%20Call%20555-0100") { res in
                #expect(!res.text.contains("Call 555-0100"))
            }
            try await s.viewer.get(app, page + "?comment_error=unknown-mention&comment_text=Hello") { res in
                #expect(res.text.contains(CommentRefusal.unknownMention.message))
                #expect(res.text.contains(">Hello</textarea>"))
            }
        }
    }

    @Test("the client address behind a trusted proxy is the one the proxy appended, not one the client wrote")
    func forwardedFor() async throws {
        try await withBackbone { app in
            func address(_ headers: HTTPHeaders, trust: Bool) -> String {
                Request(application: app, method: .GET, url: "/login", headers: headers, on: app.eventLoopGroup.any()).clientAddress(trustForwardedFor: trust)
            }
            #expect(address(["X-Forwarded-For": "6.6.6.6, 203.0.113.9"], trust: true) == "203.0.113.9")
            #expect(address(["X-Forwarded-For": "6.6.6.6", "x-forwarded-for": "198.51.100.2"], trust: true) == "198.51.100.2")
            #expect(address(["Forwarded": "for=6.6.6.6, for=192.0.2.60"], trust: true) == "192.0.2.60")
            #expect(address(["X-Forwarded-For": "6.6.6.6"], trust: false) != "6.6.6.6")
        }
    }

    @Test("links shown to copy come from the configured address, never from the request's Host header")
    func linksIgnoreTheHostHeader() async throws {
        try await withBackbone({ $0.publicURL = "https://backbone.example.org" }) { app in
            let s = try await PeopleTests.setUp(app)
            var headers = s.browser.headers
            headers.replaceOrAdd(name: .host, value: "evil.example")
            try await app.testing().test(.POST, "/i/river/people/invite", headers: headers, beforeRequest: { req in
                try req.content.encode(["csrf_token": s.browser.csrfToken, "email": "new.person@example.org", "displayName": "New Person",
                                        "organizationID": s.org.id!.uuidString, "role": "partner_viewer"], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .created)
                #expect(res.text.contains("https://backbone.example.org/set-password/"))
                #expect(!res.text.contains("evil.example/set-password"))
            }
        }
    }
}
