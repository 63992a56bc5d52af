@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Stories")
struct StoryTests {
    /// A real 2 × 1 PNG.
    static let png: [UInt8] = Array(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR4nGP4z8DwHwQZGBgAQBsH+YSIq6wAAAAASUVORK5CYII=")!)
    /// A JPEG's frame header: 3 × 2, then the end marker.
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x02, 0x00, 0x03, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9]

    @Test("photos are checked by their bytes: a file lying about its type, a non-image or an oversized one is refused")
    func photoChecks() throws {
        let png = try ImageKind.verify(Self.png, claimed: "image/png")
        #expect(png.kind == .png && png.width == 2 && png.height == 1)
        let jpeg = try ImageKind.verify(Self.jpeg, claimed: "image/jpeg")
        #expect(jpeg.kind == .jpeg && jpeg.width == 3 && jpeg.height == 2)
        #expect(throws: FieldErrors.self) { try ImageKind.verify(Self.png, claimed: "image/jpeg") }
        #expect(throws: FieldErrors.self) { try ImageKind.verify(Array("<html><script>alert(1)</script>".utf8), claimed: "image/png") }
        #expect(throws: FieldErrors.self) { try ImageKind.verify(Array(Self.png.dropLast(12)), claimed: "image/png") }
        #expect(throws: FieldErrors.self) { try ImageKind.verify(Self.png + [UInt8](repeating: 0, count: ImageKind.maxBytes), claimed: nil) }
        #expect(throws: FieldErrors.self) { try ImageKind.verify(Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 40), claimed: "image/gif") }
    }

    @Test("a partner submits a story with a photo; the backbone publishes it; only with consent does it appear outside, and the photo is served as the type it was checked to be")
    func submitPublishShare() async throws {
        try await withBackbone { app in
            // setup
            let s = try await ReportingPagesTests.setUp(app)
            let stories = StoryRepository(db: app.db, scope: InitiativeScope(verifiedInitiativeID: s.partner.initiativeID))
            let boundary = "----story"
            func submit(_ browser: Browser, _ fields: [String: String], photo: [UInt8]?, type: String = "image/png",
                        _ verify: (TestingHTTPResponse) async throws -> Void) async throws {
                var headers = browser.headers
                headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                var all = fields
                all["csrf_token"] = browser.csrfToken
                try await app.testing().test(.POST, "/i/river/stories", headers: headers, body: multipartBody(all, file: photo.map { ("photo", "photo.\(type == "image/png" ? "png" : "jpg")", type, $0) }, boundary: boundary),
                                             afterResponse: verify)
            }
            let story = ["organization": s.partner.id!.uuidString, "title": "Maya reads to her brother", "text": "Since the summer camp <b>Maya</b> reads every night.",
                         "aboutPerson": "Maya, 8", "consent": "given", "consentNote": "Signed release from her mother, kept by River Reads.", "tags": "Summer, reading",
                         "photoAlt": "Maya reading to her little brother on a porch"]

            // act: refusals first, nothing written
            try await submit(s.steward, story, photo: Self.png, type: "image/jpeg") { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("but is a PNG: it was refused."))
                #expect(res.text.contains("value=\"Maya reads to her brother\""))
            }
            var noAlt = story
            noAlt["photoAlt"] = "  "
            try await submit(s.steward, noAlt, photo: Self.png) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Say what the photo shows"))
            }
            var longAlt = story
            longAlt["photoAlt"] = String(repeating: "a", count: 301)
            try await submit(s.steward, longAlt, photo: Self.png) { #expect($0.status == .unprocessableEntity) }
            var noNote = story
            noNote["consentNote"] = ""
            try await submit(s.steward, noNote, photo: nil) { res in #expect(res.text.contains("Say how consent was given")) }
            var other = story
            other["organization"] = s.other.id!.uuidString
            try await submit(s.steward, other, photo: nil) { #expect($0.status == .forbidden) }
            try await submit(s.viewer, story, photo: nil) { #expect($0.status == .forbidden) }
            #expect(try await stories.all().isEmpty)

            try await submit(s.steward, story, photo: Self.png) { #expect($0.status == .seeOther) }
            let saved = try #require(try await stories.all().first)
            #expect(saved.parsedStatus == .submitted && saved.tagList == ["summer", "reading"])
            let path = "/i/river/stories/\(saved.id!)"

            // verify: not shared before publishing; the photo carries its checked type
            try await app.testing().test(.GET, "/stories/river/\(saved.id!)") { #expect($0.status == .notFound) }
            try await s.viewer.get(app, path) { res in #expect(res.status == .ok, "the submitting partner's own members see it") }
            try await s.steward.get(app, path + "/photo") { res in
                #expect(res.headers.contentType?.description == "image/png")
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(Array(res.body.readableBytesView) == Self.png)
            }
            try await s.steward.post(app, path + "/status", ["status": "published"]) { #expect($0.status == .forbidden) }
            try await s.admin.post(app, path + "/status", ["status": "published"]) { #expect($0.status == .seeOther) }
            try await app.testing().test(.GET, "/stories/river") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("Maya reads to her brother"))
            }
            try await app.testing().test(.GET, "/stories/river/\(saved.id!)") { res in
                #expect(res.text.contains("Since the summer camp &lt;b&gt;Maya&lt;/b&gt; reads every night."))
                #expect(res.text.contains("alt=\"Maya reading to her little brother on a porch\""), "the submitter's description is the photo's text")
                #expect(!res.text.contains("Signed release"), "consent details stay inside the initiative")
            }
            try await app.testing().test(.GET, "/stories/river/\(saved.id!)/photo") { #expect($0.headers.contentType?.description == "image/png") }

            // Without consent a published story stays inside.
            var unshared = story
            unshared["title"] = "A family finds a home"
            unshared["consent"] = "not_asked"
            unshared["consentNote"] = ""
            try await submit(s.admin, unshared, photo: Self.jpeg, type: "image/jpeg") { #expect($0.status == .seeOther) }
            let hidden = try #require(try await stories.all().first { $0.title == "A family finds a home" })
            try await s.admin.post(app, "/i/river/stories/\(hidden.id!)/status", ["status": "published"]) { #expect($0.status == .seeOther) }
            try await app.testing().test(.GET, "/stories/river") { res in #expect(!res.text.contains("A family finds a home")) }
            try await app.testing().test(.GET, "/stories/river/\(hidden.id!)/photo") { #expect($0.status == .notFound) }
            try await s.viewer.get(app, "/i/river/stories") { res in #expect(res.text.contains("A family finds a home"), "members see it") }
            try await app.testing().test(.GET, "/stories/nowhere") { #expect($0.status == .notFound) }

            // Through the API: the backbone sees every story; another partner's member only published ones.
            let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
            let auth: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: admin))"]
            try await app.testing().test(.GET, "/api/v1/initiatives/river/stories", headers: auth) { res in
                let list = try res.content.decode(ListDTO<StoryAPI.StoryDTO>.self)
                #expect(list.items.count == 2 && list.items.filter(\.isPublic).map(\.title) == ["Maya reads to her brother"])
            }
            try await s.admin.post(app, "/i/river/stories/\(hidden.id!)/status", ["status": "submitted"]) { #expect($0.status == .seeOther) }
            let outsiderOrg = try await Fixtures(app).organization("Third Partner", in: try #require(try await InitiativeModel.find(s.partner.initiativeID, on: app.db)))
            let third = try await Fixtures(app).user("third@example.org")
            try await Fixtures(app).member(third, of: try #require(try await InitiativeModel.find(s.partner.initiativeID, on: app.db)), at: outsiderOrg, as: .partnerViewer)
            let thirdAuth: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: third))"]
            try await app.testing().test(.GET, "/api/v1/initiatives/river/stories", headers: thirdAuth) { res in
                let list = try res.content.decode(ListDTO<StoryAPI.StoryDTO>.self)
                #expect(list.items.map(\.title) == ["Maya reads to her brother"], "a story taken back is not shown to other partners")
            }
            let thirdBrowser = try await Fixtures(app).session(for: third)
            try await thirdBrowser.get(app, "/i/river/stories/\(hidden.id!)") { #expect($0.status == .notFound) }
        }
    }
}
