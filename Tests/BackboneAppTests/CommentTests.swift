@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Comments and mentions")
struct CommentTests {
    @Test("a comment that mentions a member notifies them; unknown mentions are refused with nothing written; markup stays text; edits show; deletion leaves a tombstone")
    func commentsAndMentions() async throws {
        try await withBackbone { app in
            // setup
            let s = try await ReportingPagesTests.setUp(app)
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            let indicator = "/i/river/indicators/\(s.served.id!)"
            let comments = CommentRepository(db: app.db, scope: scope)
            let viewer = try #require(try await UserRepository(db: app.db).find(email: "viewer@example.org"))
            func post(_ browser: Browser, _ fields: [String: String], _ verify: (TestingHTTPResponse) async throws -> Void) async throws {
                try await browser.post(app, "/i/river/comments", ["target": "indicator", "targetID": s.served.id!.uuidString].merging(fields) { $1 }, verify)
            }

            // act: an unknown mention is refused and the text comes back
            try await post(s.steward, ["text": "Numbers look low, @nobody"]) { res in
                #expect(res.status == .seeOther)
                #expect(res.location?.contains("comment_error=") == true)
            }
            #expect(try await comments.thread(.indicator, s.served.id!).isEmpty)
            try await s.steward.get(app, indicator + "?comment_error=unknown-mention&comment_text=Numbers") { res in
                #expect(res.text.contains(CommentRefusal.unknownMention.message) && res.text.contains(">Numbers</textarea>"))
            }
            try await post(s.steward, ["text": "   "]) { #expect($0.location?.contains("comment_error=empty") == true) }

            // A mention of a member, with markup in it.
            try await post(s.steward, ["text": "@viewer please look <script>alert(1)</script>"]) { #expect($0.status == .seeOther) }
            let first = try #require(try await comments.thread(.indicator, s.served.id!).first)
            let mentions = try await NotificationRepository(db: app.db).recent(userID: viewer.requireID())
            #expect(mentions.map(\.kind) == ["mention"] && mentions[0].path == indicator + "#comment-\(first.id!.uuidString)")
            try await s.viewer.get(app, indicator) { res in
                #expect(res.text.contains("@viewer please look &lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(!res.text.contains("<script>alert(1)"))
            }

            // Replies, one level deep.
            try await post(s.viewer, ["text": "Looking now.", "parent": first.id!.uuidString]) { #expect($0.status == .seeOther) }
            let reply = try #require(try await comments.thread(.indicator, s.served.id!).last)
            try await post(s.admin, ["text": "Deeper", "parent": reply.id!.uuidString]) { #expect($0.location?.contains("comment_error=") == true) }

            // Only the author edits; the page says "edited".
            try await s.viewer.post(app, "/i/river/comments/\(first.id!)/edit", ["text": "Changed"]) { #expect($0.status == .forbidden) }
            try await s.steward.post(app, "/i/river/comments/\(first.id!)/edit", ["text": "@viewer please look at March"]) { #expect($0.status == .seeOther) }
            #expect(try await NotificationRepository(db: app.db).recent(userID: viewer.requireID()).count == 1, "already mentioned: not told twice")

            // Deleting keeps a tombstone and the reply.
            try await s.viewer.post(app, "/i/river/comments/\(first.id!)/delete", [:]) { #expect($0.status == .forbidden) }
            try await s.steward.post(app, "/i/river/comments/\(first.id!)/delete", [:]) { #expect($0.status == .seeOther) }
            try await s.viewer.get(app, indicator) { res in
                #expect(res.text.contains("This comment was deleted.") && res.text.contains("Looking now."))
                #expect(!res.text.contains("please look at March"))
            }

            // Another initiative's member cannot comment here.
            let elsewhere = try await Fixtures(app).initiative("elsewhere")
            let outsider = try await Fixtures(app).user("outsider@example.org")
            try await Fixtures(app).member(outsider, of: elsewhere, at: try await Fixtures(app).organization("Elsewhere Org", in: elsewhere), as: .backboneAdmin)
            let browser = try await Fixtures(app).session(for: outsider)
            try await browser.post(app, "/i/elsewhere/comments", ["target": "indicator", "targetID": s.served.id!.uuidString, "text": "hi"]) { #expect($0.status == .notFound) }
            try await browser.post(app, "/i/elsewhere/comments/\(reply.id!)/delete", [:]) { #expect($0.status == .notFound) }
            #expect(try await comments.thread(.indicator, s.served.id!).count == 2)
        }
    }
}
