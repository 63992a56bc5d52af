@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

/// The forms and endpoints added with languages, help and search get the extremes every input
/// gets: int64 and float64 bounds, NaN, a 10,000-character text, a NUL, and a body too large.
@Suite("Extremes on the reminder, search, forgotten-password and translation inputs")
struct NewFormsHardeningTests {
    static let extremes = ["9223372036854775807", "-9223372036854775808", "9223372036854775808", "1.7976931348623157e308", "1e309",
                           "NaN", "Infinity", String(repeating: "x", count: 10_000), "\u{0}\u{1}<script>", ""]

    @Test("every extreme gets an answer below 500 (bad ones a 4xx), nothing is written by a refused one, and the server keeps answering")
    func extremes() async throws {
        try await withBackbone(ForgotPasswordTests.mail) { app in
            let s = try await ReportingPagesTests.setUp(app)
            try await s.admin.post(app, "/i/river/review/settings", ["dueAfterDays": "1", "lockAfterDays": "400"]) { #expect($0.status == .seeOther) }
            let anonymous = try await Browser.anonymous(on: app)
            let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
            let token = try await Fixtures(app).apiToken(for: admin)
            let translations = "/i/river/indicators/\(s.served.id!)/translations"
            for extreme in Self.extremes {
                try await s.admin.post(app, "/i/river/review/remind", ["organization": extreme]) { #expect((400..<500).contains($0.status.code), "remind \(extreme.prefix(20))") }
                try await anonymous.post(app, "/forgot-password", ["email": extreme]) { #expect((400..<500).contains($0.status.code), "forgot \(extreme.prefix(20))") }
                try await s.admin.post(app, translations, ["language": extreme, "translation-name": "Nombre"]) { #expect($0.status.code < 500) }
                try await s.admin.post(app, translations, ["language": "es", "translation-name": extreme, "translation-definition": extreme]) { res in
                    #expect(res.status.code < 500, "translation \(extreme.prefix(20))")
                }
                let query = extreme.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                try await s.admin.get(app, "/i/river/search?q=\(query)") { #expect($0.status == .ok) }
                try await app.testing().test(.GET, "/api/v1/initiatives/river/search?q=\(query)", headers: ["Authorization": "Bearer \(token)"]) { #expect($0.status == .ok) }
                try await app.testing().test(.POST, "/api/v1/initiatives/river/organizations/\(query.prefix(200))/reminders",
                                             headers: ["Authorization": "Bearer \(token)"]) { #expect((400..<500).contains($0.status.code)) }
            }
            #expect(try await NotificationModel.query(on: app.db).count() == 0, "no extreme sent a reminder")
            #expect(try await Outbox(db: app.db).all().isEmpty, "no extreme sent a link")
            let stored = try #require(try await IndicatorModel.find(s.served.id, on: app.db)).translations["es"]
            #expect(stored?.name.count ?? 0 <= 120, "a name over the bound is never stored")

            // A body over the limit, on a real socket (where the server's body limit applies), is
            // refused before it is read, the API's reminder too.
            let huge = String(repeating: "a", count: 2_000_000)
            for (browser, path) in [(s.admin, "/i/river/review/remind"), (s.admin, translations), (anonymous, "/forgot-password")] {
                try await app.testing(method: .running(port: 0)).test(.POST, path, headers: browser.headers, beforeRequest: { req in
                    try req.content.encode(["csrf_token": browser.csrfToken, "organization": huge, "translation-name": huge, "email": huge], as: .urlEncodedForm)
                }) { #expect($0.status == .payloadTooLarge, "\(path)") }
            }
            try await app.testing(method: .running(port: 0)).test(.POST, "/api/v1/initiatives/river/organizations/\(s.partner.id!)/reminders",
                                                                  headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                                                  body: ByteBuffer(string: huge)) { #expect($0.status == .payloadTooLarge) }
            try await app.testing().test(.GET, "/healthz") { #expect($0.status == .ok) }
        }
    }
}
