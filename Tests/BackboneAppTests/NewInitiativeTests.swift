@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("A new, empty initiative")
struct NewInitiativeTests {
    @Test("every link of the initiative's navigation leads to a page that says what to do first, never 'Page not found'")
    func everyLinkLeadsSomewhere() async throws {
        try await withBackbone { app in
            let fixtures = Fixtures(app)
            let root = try await fixtures.session(for: try await fixtures.user("root@example.org", platformAdmin: true))
            try await root.post(app, "/initiatives", ["name": "Lake Together", "slug": "lake", "place": "Lake County",
                                                      "problemStatement": "Too few children read well by third grade.", "timeZone": "America/Chicago"]) {
                #expect($0.status == .seeOther)
            }
            var links: [String] = []
            try await root.get(app, "/i/lake") { res in
                #expect(res.status == .ok)
                let nav = try #require(res.text.components(separatedBy: "class=\"initiative-nav\"").dropFirst().first?.components(separatedBy: "</nav>").first)
                links = nav.matches(of: /href="([^"]+)"/).map { String($0.1) }
            }
            #expect(links.count >= 10)
            for link in links {
                try await root.get(app, link) { res in
                    #expect(res.status == .ok, "\(link) answered \(res.status.code)")
                    #expect(!res.text.contains("Page not found"), "\(link)")
                }
            }
            try await root.get(app, "/i/lake/reporting") { res in
                #expect(res.text.contains("No partner organization takes part yet"))
                #expect(res.text.contains("href=\"/i/lake/partners/new\""))
            }
        }
    }
}
