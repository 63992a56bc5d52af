@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

/// Names typed by people end up in text, attributes and titles; none of them may become markup.
@Suite("Hostile text is shown as text")
struct EscapingTests {
    static let hostile = "\"'><script>alert(1)</script>&amp;"

    @Test("every page shows hostile names and values as text")
    func pagesEscapeEverything() async throws {
        try await withBackbone { app in
            // setup: an initiative, organization, person and token all named with markup
            let fixtures = Fixtures(app)
            let initiative = InitiativeModel(slug: "river", name: Self.hostile, place: Self.hostile, problemStatement: Self.hostile, createdAt: Date())
            try await initiative.create(on: app.db)
            let org = OrganizationModel(initiativeID: try initiative.requireID(), name: Self.hostile, sector: .faith, isBackbone: true,
                                        website: "https://x.example.org/\"><script>alert(1)</script>", description: Self.hostile, createdAt: Date())
            try await org.create(on: app.db)
            let user = UserModel(email: "admin@example.org", displayName: Self.hostile, passwordHash: TestPassword.hash,
                                 isPlatformAdmin: true, createdAt: Date())
            try await user.create(on: app.db)
            try await fixtures.member(user, of: initiative, at: org, as: .backboneAdmin)
            let issued = APITokens.issue()
            try await APITokenModel(userID: try user.requireID(), name: Self.hostile, tokenHash: issued.hash, prefix: issued.prefix, createdAt: Date()).create(on: app.db)
            let browser = try await fixtures.session(for: user)

            // act + verify
            let pages = ["/initiatives", "/i/river", "/i/river/partners", "/i/river/partners/\(org.id!)", "/i/river/partners/\(org.id!)/edit",
                         "/i/river/people", "/i/river/people/invite", "/account", "/admin/users", "/login?next=\(Self.hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"]
            for page in pages {
                try await browser.get(app, page) { res in
                    #expect(res.status == .ok || res.status == .seeOther, "\(page)")
                    #expect(!res.text.contains("<script>"), "\(page)")
                    #expect(!res.text.contains("\"'>"), "\(page)")
                }
            }
            let visitor = try await Browser.anonymous(on: app)
            try await visitor.get(app, "/login?next=\(Self.hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("name=\"next\" value=\"&quot;&#39;&gt;"))
                #expect(!res.text.contains("<script>"))
            }
        }
    }

    @Test("attribute escaping covers quotes, angle brackets and ampersands")
    func attributeEscaping() {
        #expect(escapedAttribute(Self.hostile) == "&quot;&#39;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;")
        #expect(escapedAttribute("Boys & Girls Club") == "Boys &amp; Girls Club")
    }
}
