@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Time zones and a person's details")
struct TimeZoneTests {
    /// 2026-03-01 03:30 UTC: still February 28 in Chicago, already March 1 in Madrid.
    static let moment = Date(timeIntervalSince1970: 1_772_335_800)

    @Test("a person sets name, language and time zone on the account page; times follow the zone; bad input changes nothing")
    func accountDetails() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let steward = try #require(try await UserRepository(db: app.db).find(email: "steward@example.org"))
            let issued = APITokens.issue()
            let token = APITokenModel(userID: try steward.requireID(), name: "laptop", tokenHash: issued.hash, prefix: issued.prefix, createdAt: Self.moment)
            token.lastUsedAt = Self.moment
            try await token.create(on: app.db)

            // Before choosing: the initiative's zone (UTC here).
            try await s.steward.get(app, "/account") { res in
                #expect(res.text.contains("Mar 1, 2026") && res.text.contains("3:30"))
            }
            try await s.steward.post(app, "/account/profile", ["displayName": "Sam Ortiz", "language": "es", "timeZone": "America/Chicago"]) { res in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/account?done=profile-saved")
                #expect(res.headers.setCookie?[LanguageController.cookieName]?.string == "es")
            }
            let saved = try #require(try await UserRepository(db: app.db).find(email: "steward@example.org"))
            #expect(saved.displayName == "Sam Ortiz" && saved.language == "es" && saved.timeZone == "America/Chicago")
            try await s.steward.get(app, "/account?done=profile-saved") { res in
                #expect(res.text.contains(#"<html lang="es">"#) && res.text.contains("Sus datos se guardaron."))
                #expect(res.text.contains("28 feb 2026"), "the token's last use, on Chicago's day")
                #expect(res.text.contains(#"<option value="America/Chicago" selected>"#))
            }

            // Bad input: refused with the reason in the person's language, and nothing changes.
            let long = String(repeating: "z", count: 100_000)
            let refused: [[String: String]] = [
                ["displayName": "Sam", "language": "es", "timeZone": "Mars/Olympus_Mons"],
                ["displayName": "Sam", "language": "es", "timeZone": "GMT+5"],
                ["displayName": "Sam", "language": "es", "timeZone": long],
                ["displayName": "Sam", "language": "xx", "timeZone": ""],
                ["displayName": "", "language": "es", "timeZone": ""],
                ["displayName": long, "language": "es", "timeZone": ""],
                ["displayName": "Sam\u{7}", "language": "es", "timeZone": ""],
            ] + ["9223372036854775807", "-1", "NaN", "1e308"].map { ["displayName": "Sam", "language": $0, "timeZone": $0] }
            for fields in refused {
                try await s.steward.post(app, "/account/profile", fields) { res in
                    #expect(res.status == .unprocessableEntity, "\(fields.mapValues { $0.prefix(20) })")
                    #expect(res.text.contains("Elija") || res.text.contains("Nombre"), "the reason, in Spanish")
                }
            }
            let unchanged = try #require(try await UserRepository(db: app.db).find(email: "steward@example.org"))
            #expect(unchanged.displayName == "Sam Ortiz" && unchanged.timeZone == "America/Chicago" && unchanged.language == "es")

            // Empty language and zone: not chosen. The browser's language and the initiative's zone again.
            try await s.steward.post(app, "/account/profile", ["displayName": "Sam Ortiz", "language": "", "timeZone": ""]) { #expect($0.status == .seeOther) }
            let cleared = try #require(try await UserRepository(db: app.db).find(email: "steward@example.org"))
            #expect(cleared.language == nil && cleared.timeZone == nil)
        }
    }

    @Test("the backbone sets the initiative's time zone with the reporting calendar; the API shows it and changes a person's details")
    func initiativeZoneAndAPI() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            try await s.admin.post(app, "/i/river/review/settings", ["dueAfterDays": "30", "lockAfterDays": "90", "timeZone": "America/Los_Angeles"]) {
                #expect($0.status == .seeOther)
            }
            let initiative = try #require(try await InitiativeRepository(db: app.db).find(slug: "river"))
            #expect(initiative.timeZone == "America/Los_Angeles" && initiative.reportingCalendar.timeZone.identifier == "America/Los_Angeles")
            for bad in ["Nowhere/City", "", "+05:00", String(repeating: "A/", count: 5_000)] {
                try await s.admin.post(app, "/i/river/review/settings", ["dueAfterDays": "30", "lockAfterDays": "90", "timeZone": bad]) {
                    #expect($0.status == .unprocessableEntity)
                }
            }
            #expect(try await InitiativeRepository(db: app.db).find(slug: "river")?.timeZone == "America/Los_Angeles")
            // A partner cannot change it.
            try await s.steward.post(app, "/i/river/review/settings", ["dueAfterDays": "30", "lockAfterDays": "90", "timeZone": "UTC"]) {
                #expect($0.status == .forbidden)
            }

            let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
            let issued = APITokens.issue()
            try await APITokenModel(userID: try admin.requireID(), name: "script", tokenHash: issued.hash, prefix: issued.prefix, createdAt: Date()).create(on: app.db)
            var headers: HTTPHeaders = ["Authorization": "Bearer \(issued.secret)"]
            headers.contentType = .json
            try await app.testing().test(.GET, "/api/v1/initiatives/river", headers: headers) { res in
                let initiative = try res.content.decode(InitiativeDTO.self)
                #expect(initiative.timeZone == "America/Los_Angeles")
            }
            func patch(_ body: String, _ verify: (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.PATCH, "/api/v1/me", headers: headers, beforeRequest: { req in
                    req.body = ByteBuffer(string: body)
                }, afterResponse: verify)
            }
            try await patch(#"{"timeZone": "Europe/Madrid", "language": "es"}"#) { res in
                #expect(res.status == .ok)
                let me = try res.content.decode(UserDTO.self)
                #expect(me.timeZone == "Europe/Madrid" && me.language == "es" && me.displayName == admin.displayName, "the name left out is kept")
            }
            for body in [#"{"timeZone": "Europe/Atlantis"}"#, #"{"language": "fr"}"#, #"{"displayName": ""}"#, #"{"timeZone": 9223372036854775807}"#,
                         #"{"timeZone": null}"#, #"{"colour": "blue"}"#, "[]", "not json"] {
                try await patch(body) { res in
                    #expect([.badRequest, .unprocessableEntity].contains(res.status), "\(body)")
                    #expect(res.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                }
            }
            let after = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
            #expect(after.timeZone == "Europe/Madrid" && after.language == "es")
        }
    }
}
