import Foundation

/// Every user-facing sentence, in every language, kept in Resources/i18n/<language>.json as
/// key → text. Code names keys, never sentences. `{name}` in a text is filled from the arguments.
public struct Catalog: Sendable {
    public let texts: [SiteLanguage: [String: String]]

    public static let shared = Catalog.load()

    static func load() -> Catalog {
        var texts: [SiteLanguage: [String: String]] = [:]
        for language in SiteLanguage.allCases {
            guard let url = Bundle.module.url(forResource: language.rawValue, withExtension: "json", subdirectory: "i18n"),
                  let data = try? Data(contentsOf: url),
                  let table = try? JSONDecoder().decode([String: String].self, from: data)
            else { fatalError("The \(language.rawValue) catalog is missing or unreadable") }
            texts[language] = table
        }
        return Catalog(texts: texts)
    }

    /// The text of `key` in `language`, with its `{placeholders}` filled. A key missing in a
    /// language falls back to English (a test keeps the catalogs complete), and a key missing
    /// everywhere shows itself, so the gap is visible rather than blank.
    public func text(_ key: String, in language: SiteLanguage, _ arguments: [String: String] = [:]) -> String {
        var text = texts[language]?[key] ?? texts[.en]?[key] ?? key
        for (name, value) in arguments { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// The `{placeholders}` a text uses, for the check that every language uses the same ones.
    public static func placeholders(in text: String) -> Set<String> {
        Set(text.matches(of: /\{([a-zA-Z]+)\}/).map { String($0.output.1) })
    }
}

/// The texts and formats of one language, as a page or an email uses them: `t("nav.results")`.
public struct Texts: Sendable {
    public let language: SiteLanguage
    let catalog: Catalog

    /// The texts of the language being worked in (`SiteLanguage.current`).
    public static var current: Texts { Texts(SiteLanguage.current) }

    public init(_ language: SiteLanguage, catalog: Catalog = .shared) {
        self.language = language
        self.catalog = catalog
    }

    public func callAsFunction(_ key: String, _ arguments: [String: String] = [:]) -> String {
        catalog.text(key, in: language, arguments)
    }

    /// A day as readers of the language write it: "Jan 30, 2027", "30 ene 2027".
    /// Its spaces do not break, so that a day never starts on one line and ends on the next.
    public func day(_ date: Date, in zone: TimeZone) -> String {
        date.formatted(Date.FormatStyle(date: .abbreviated, time: .omitted, locale: language.locale, timeZone: zone))
            .replacingOccurrences(of: " ", with: "\u{00A0}")
    }

    /// A day and time in `zone`, never in UTC unless the zone is UTC: "Jan 3, 2026, 9:00 AM".
    public func dayAndTime(_ date: Date, in zone: TimeZone) -> String {
        date.formatted(Date.FormatStyle(date: .abbreviated, time: .shortened, locale: language.locale, timeZone: zone))
    }

    /// A figure with up to two decimals: "1,234.5", "1234,5", "12.345,5".
    public func number(_ value: Double) -> String {
        value.formatted(.number.precision(.fractionLength(0...2)).locale(language.locale))
    }

    /// A mean score on the 1–5 scale, always with one decimal: "3.0", "3,0".
    public func score(_ value: Double) -> String {
        value.formatted(.number.precision(.fractionLength(1)).locale(language.locale))
    }

    /// A whole count: "1,234", "12.345".
    public func count(_ value: Int) -> String {
        value.formatted(.number.locale(language.locale))
    }
}
