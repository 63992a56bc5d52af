@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Belonging to several initiatives")
struct InitiativeSwitchingTests {
    @Test("a member of two initiatives can switch between them, with a different role in each")
    func switching() async throws {
        try await withBackbone { app in
            // setup
            let fixtures = Fixtures(app)
            let river = try await fixtures.initiative("river")
            let lake = try await fixtures.initiative("lake")
            let hidden = try await fixtures.initiative("hidden")
            let user = try await fixtures.user("ada@example.org")
            try await fixtures.member(user, of: river, at: try await fixtures.organization("River Org", in: river), as: .backboneAdmin)
            try await fixtures.member(user, of: lake, at: try await fixtures.organization("Lake Org", in: lake), as: .partnerViewer)
            _ = try await fixtures.organization("Hidden Org", in: hidden)
            let browser = try await fixtures.session(for: user)

            // verify: the start page offers the list; the switcher names both and only both
            try await browser.get(app, "/") { #expect($0.location == "/initiatives") }
            try await browser.get(app, "/i/river") { res in
                #expect(res.text.contains("href=\"/i/lake\""))
                #expect(!res.text.contains("/i/hidden"))
                #expect(res.text.contains("You take part as <strong>Backbone admin</strong>"))
            }
            try await browser.get(app, "/i/lake") { res in
                #expect(res.text.contains("You take part as <strong>Partner viewer</strong>"))
                #expect(!res.text.contains("href=\"/i/lake/people\""))
            }
            try await browser.get(app, "/i/lake/people") { #expect($0.status == .forbidden) }
            try await browser.get(app, "/i/river/people") { #expect($0.status == .ok) }
        }
    }

    @Test("a member of one initiative goes straight to it")
    func single() async throws {
        try await withBackbone { app in
            let fixtures = Fixtures(app)
            let river = try await fixtures.initiative("river")
            let user = try await fixtures.user("ada@example.org")
            try await fixtures.member(user, of: river, at: try await fixtures.organization("River Org", in: river), as: .partnerViewer)
            try await fixtures.session(for: user).get(app, "/") { #expect($0.location == "/i/river") }
        }
    }
}
