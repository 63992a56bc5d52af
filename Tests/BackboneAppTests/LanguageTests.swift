@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Choosing the language of pages")
struct LanguageTests {
    @Test("a visitor gets the browser's language, switches in the footer, and the choice sticks; <html lang> follows")
    func visitor() async throws {
        try await withBackbone { app in
            var spanish = HTTPHeaders()
            spanish.replaceOrAdd(name: .acceptLanguage, value: "es-MX,es;q=0.9,en;q=0.5")
            try await app.testing().test(.GET, "/login", headers: spanish) { res in
                #expect(res.text.contains(#"<html lang="es">"#))
                #expect(res.text.contains("Iniciar sesión en Backbone") && res.text.contains("Correo electrónico"))
                #expect(res.text.contains(#"lang="en""#) && res.text.contains("English"), "the switch names each language in itself")
            }
            try await app.testing().test(.GET, "/login") { res in
                #expect(res.text.contains(#"<html lang="en">"#) && res.text.contains("Sign in to Backbone"), "no header: English")
            }

            // The footer's switch: back to English although the browser prefers Spanish.
            var browser = try await Browser.anonymous(on: app)
            var headers = browser.headers
            headers.replaceOrAdd(name: .acceptLanguage, value: "es")
            var chosen: String?
            try await app.testing().test(.POST, "/language", headers: headers, beforeRequest: { req in
                try req.content.encode(["csrf_token": browser.csrfToken, "language": "en", "back": "/login"], as: .urlEncodedForm)
            }) { res in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/login")
                chosen = res.headers.setCookie?[LanguageController.cookieName]?.string
            }
            #expect(chosen == "en")
            headers.add(name: .cookie, value: "\(LanguageController.cookieName)=en")
            try await app.testing().test(.GET, "/login", headers: headers) { res in
                #expect(res.text.contains("Sign in to Backbone"))
            }

            // Bad input: an unknown language, an address elsewhere, no form token.
            var extremes: [([String: String], HTTPStatus)] = [(["language": "xx", "back": "/login"], .badRequest),
                                                              (["language": "es", "back": "https://evil.example.org/"], .seeOther),
                                                              (["language": "es", "back": String(repeating: "/a", count: 5_000)], .seeOther)]
            for junk in ["9223372036854775807", "-9223372036854775808", "1.7976931348623157e308", "NaN", "Infinity", String(repeating: "e", count: 10_000)] {
                extremes.append((["language": junk], .badRequest))
            }
            for (fields, status) in extremes {
                try await browser.post(app, "/language", fields) { res in
                    #expect(res.status == status)
                    if status == .seeOther, fields["back"]?.hasPrefix("https") == true {
                        #expect(res.headers.first(name: .location) == "/", "never away from the site")
                    }
                }
            }
            // An oversized body, on a real socket (where the server's body limit applies).
            try await app.testing(method: .running(port: 0)).test(.POST, "/language", headers: browser.headers, beforeRequest: { req in
                try req.content.encode(["csrf_token": browser.csrfToken, "language": "es", "back": String(repeating: "x", count: 2_000_000)],
                                       as: .urlEncodedForm)
            }) { #expect($0.status == .payloadTooLarge) }
            try await app.testing().test(.GET, "/healthz") { #expect($0.status == .ok, "still up") }
            browser.csrfToken = "forged"
            try await browser.post(app, "/language", ["language": "es"]) { #expect($0.status == .forbidden) }
        }
    }

    @Test("a signed-in person's choice is kept on their account and wins over the browser; errors speak it too")
    func person() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            var cookie = ""
            try await s.steward.post(app, "/language", ["language": "es", "back": "/i/river"]) { res in
                #expect(res.status == .seeOther)
                cookie = res.headers.setCookie?[LanguageController.cookieName]?.string ?? ""
            }
            #expect(try await UserRepository(db: app.db).find(email: "steward@example.org")?.language == "es")
            var english = s.steward.headers
            english.replaceOrAdd(name: .acceptLanguage, value: "en-US")
            try await app.testing().test(.GET, "/i/river", headers: english) { res in
                #expect(res.text.contains(#"<html lang="es">"#))
                #expect(res.text.contains(">Informes<") && res.text.contains(">Resultados<") && res.text.contains("Cerrar sesión"))
            }
            // An address that matches no page is answered before anyone is recognized: the cookie tells.
            english.add(name: .cookie, value: "\(LanguageController.cookieName)=\(cookie)")
            try await app.testing().test(.GET, "/i/river/no-such-page", headers: english) { res in
                #expect(res.status == .notFound && res.text.contains("Página no encontrada"))
            }
            // Someone else's choice is theirs alone.
            try await app.testing().test(.GET, "/i/river", headers: s.admin.headers) { res in
                #expect(res.text.contains(#"<html lang="en">"#))
            }
        }
    }

    @Test("form errors come in the person's language; what they write is marked with its language on pages in the other")
    func writtenLanguage() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            try await s.admin.post(app, "/language", ["language": "es", "back": "/i/river"]) { #expect($0.status == .seeOther) }
            try await s.admin.post(app, "/i/river/updates", ["title": "", "text": "Sin título"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Póngale un título a la novedad.") && !res.text.contains("Give the update a title."))
            }
            try await s.admin.post(app, "/i/river/updates", ["title": "Reunión comunitaria el jueves", "text": "En la biblioteca."]) {
                #expect($0.status == .seeOther)
            }
            #expect(try await UpdateModel.query(on: app.db).filter(\.$title == "Reunión comunitaria el jueves").first()?.language == "es")
            try await app.testing().test(.GET, "/i/river/updates", headers: s.steward.headers) { res in
                #expect(res.text.contains(#"<html lang="en">"#))
                #expect(res.text.contains(#"<h2 class="feed-title" lang="es">"#), "the Spanish entry is marked on the English page")
            }
            try await app.testing().test(.GET, "/i/river/updates", headers: s.admin.headers) { res in
                #expect(res.text.contains(#"<html lang="es">"#) && !res.text.contains(#"class="feed-title" lang="#), "no mark where the page speaks it")
            }
        }
    }
}
