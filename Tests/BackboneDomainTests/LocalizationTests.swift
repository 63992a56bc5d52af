@testable import BackboneDomain
import Foundation
import Testing

@Suite("Languages: catalogs, choice and formats")
struct LocalizationTests {
    @Test("every key is in every language, with the same placeholders, and no text is empty")
    func catalogsComplete() {
        let catalog = Catalog.shared
        let english = catalog.texts[.en] ?? [:]
        #expect(english.count > 100)
        for language in SiteLanguage.allCases {
            let table = catalog.texts[language] ?? [:]
            #expect(Set(table.keys) == Set(english.keys), "\(language): missing \(Set(english.keys).subtracting(table.keys).sorted()), extra \(Set(table.keys).subtracting(english.keys).sorted())")
            for (key, text) in table {
                #expect(!text.trimmingCharacters(in: .whitespaces).isEmpty || text == " " || key.hasSuffix("After"), "\(language) \(key) is empty")
                #expect(Catalog.placeholders(in: text) == Catalog.placeholders(in: english[key] ?? ""), "\(language) \(key) has other placeholders")
            }
        }
    }

    @Test("Spanish is not English: texts a person reads differ, apart from a few shared words")
    func spanishTranslated() {
        let english = Catalog.shared.texts[.en] ?? [:], spanish = Catalog.shared.texts[.es] ?? [:]
        // Words count, not placeholders: "{count} min" is Spanish as much as English.
        let words = { (text: String?) in (text ?? "").replacing(/\{[a-zA-Z]+\}/, with: "") }
        let same = english.keys.filter { english[$0] == spanish[$0] && words(english[$0]).count > 8 }
        #expect(same.isEmpty, "untranslated: \(same.sorted())")
    }

    @Test("placeholders are filled; a missing key shows itself instead of a blank")
    func lookups() {
        let t = Texts(.es)
        #expect(t("password.for", ["email": "ana@example.org"]) == "Establezca la contraseña de ana@example.org. Este enlace funciona una sola vez.")
        #expect(Texts(.en)("nav.reporting") == "Reporting" && t("nav.reporting") == "Informes")
        #expect(t("no.such.key") == "no.such.key")
    }

    @Test("the browser's language: the supported one it prefers most, English otherwise")
    func acceptLanguage() {
        #expect(SiteLanguage.preferred(acceptLanguage: "es-MX,es;q=0.9,en;q=0.8") == .es)
        #expect(SiteLanguage.preferred(acceptLanguage: "en;q=0.5, es;q=0.9") == .es)
        #expect(SiteLanguage.preferred(acceptLanguage: "fr-FR, es;q=0.3, en;q=0.2") == .es)
        #expect(SiteLanguage.preferred(acceptLanguage: "en-US,es") == .en, "equal weights keep the browser's order")
        #expect(SiteLanguage.preferred(acceptLanguage: "fr, de") == .en)
        #expect(SiteLanguage.preferred(acceptLanguage: "es;q=0, en;q=0.1") == .en, "q=0 means not wanted")
        for junk in ["", "*", ";;;,,,", "es;q=NaN", "es;q=2", String(repeating: "x,", count: 10_000)] {
            #expect(SiteLanguage.preferred(acceptLanguage: junk) == .en, "\(junk.prefix(20))")
        }
    }

    @Test("dates and numbers as each language writes them, in the initiative's time zone")
    func formats() {
        let zone = TimeZone(identifier: "America/New_York")!
        // 2027-01-30 03:00 UTC is still the 29th in New York.
        let date = Date(timeIntervalSince1970: 1_801_278_000)
        #expect(Texts(.en).day(date, in: zone) == "Jan\u{00A0}29,\u{00A0}2027", "a day never breaks across lines")
        #expect(Texts(.es).day(date, in: zone) == "29\u{00A0}ene\u{00A0}2027")
        #expect(Texts(.en).number(1234.5) == "1,234.5")
        #expect(Texts(.es).number(12345.5) == "12.345,5")
        #expect(Texts(.es).count(1234567) == "1.234.567")
        #expect(!Texts(.en).dayAndTime(date, in: zone).contains("UTC"))
    }
}
