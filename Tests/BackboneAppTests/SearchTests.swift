@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Search")
struct SearchTests {
    @Test("the header's search finds across kinds, ignoring case and accents, only in this initiative and only what the person may see")
    func scopedAndPermitted() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let fixtures = Fixtures(app)
            let river = try #require(try await InitiativeRepository(db: app.db).find(slug: "river"))
            // Another initiative with a partner of a matching name: never found from River.
            let lake = try await fixtures.initiative("lake")
            _ = try await fixtures.organization("Lake Readers Café", in: lake)
            _ = try await fixtures.organization("Café Lectura", in: river)
            // A story still waiting for publication, from another partner: the viewer may not see it.
            let story = StoryModel()
            story.initiativeID = try river.requireID(); story.organizationID = try s.other.requireID()
            story.title = "A café where families read"; story.text = "Every Friday."; story.aboutPerson = ""
            story.consent = Consent.allCases.first!.rawValue; story.consentNote = ""; story.status = StoryStatus.submitted.rawValue
            story.tags = ""; story.createdAt = Date(); story.submittedBy = nil
            try await story.create(on: app.db)

            try await s.admin.get(app, "/i/river") { res in
                #expect(res.text.contains("role=\"search\"") && res.text.contains("action=\"/i/river/search\""))
            }
            try await s.admin.get(app, "/i/river/search?q=CAFE") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains(">Café Lectura</a>"), "case and accents are ignored")
                #expect(res.text.contains(">A café where families read</a>"), "the backbone sees a story waiting for publication")
                #expect(!res.text.contains("Lake Readers"), "another initiative's partner is never found")
            }
            try await s.viewer.get(app, "/i/river/search?q=cafe") { res in
                #expect(res.text.contains(">Café Lectura</a>"))
                #expect(!res.text.contains("A café where families read"), "a viewer of another partner does not see it")
            }
            try await s.admin.get(app, "/i/river/search?q=served") { res in
                #expect(res.text.contains(">People served</a>") && res.text.contains("<h2>Indicators</h2>"))
            }
            try await s.admin.get(app, "/i/river/search?q=zzzz") { #expect($0.text.contains("Nothing matches")) }
            try await s.admin.get(app, "/i/river/search?q=") { res in
                #expect(res.status == .ok && !res.text.contains("Nothing matches"))
            }
            let long = String(repeating: "é", count: 100_000)
            try await s.admin.get(app, "/i/river/search?q=\(long)") { #expect($0.status.code < 500) }
            try await s.admin.get(app, "/i/lake/search?q=cafe") { #expect($0.status == .forbidden || $0.status == .notFound) }

            let token = try await fixtures.apiToken(for: try #require(try await UserRepository(db: app.db).find(email: "viewer@example.org")))
            try await app.testing().test(.GET, "/api/v1/initiatives/river/search?q=caf%C3%A9", headers: ["Authorization": "Bearer \(token)"]) { res in
                #expect(res.status == .ok)
                let body = try JSONDecoder().decode(SearchController.Results.self, from: Data(res.text.utf8))
                #expect(body.items.map(\.title) == ["Café Lectura"])
                #expect(body.items.first?.path.hasPrefix("/i/river/partners/") == true)
            }
        }
    }
}
