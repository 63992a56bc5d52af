import Foundation

/// The languages Backbone's pages, emails and messages are written in. Adding one: a catalog file
/// in Resources/i18n and a case here (see docs/i18n.md).
public enum SiteLanguage: String, CaseIterable, Sendable, Codable {
    case en
    case es

    /// The language of the page or message being made: set for each request (after the person
    /// is recognized), so that helpers deep in a view need not be handed it.
    @TaskLocal public static var current: SiteLanguage = .en

    /// The language's own name, as the switch shows it to someone who reads only that language.
    public var nativeName: String {
        switch self {
        case .en: "English"
        case .es: "Español"
        }
    }

    /// Formats dates and numbers as readers of this language expect.
    public var locale: Locale {
        switch self {
        case .en: Locale(identifier: "en_US")
        case .es: Locale(identifier: "es")
        }
    }

    /// The best language for an `Accept-Language` header ("es-MX,es;q=0.9,en;q=0.8"): the
    /// first supported one by the weight the browser gives it; English when none is.
    public static func preferred(acceptLanguage header: String) -> SiteLanguage {
        var best: (language: SiteLanguage, weight: Double)?
        for (index, part) in header.split(separator: ",").prefix(32).enumerated() {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = fields.first?.lowercased(), !tag.isEmpty else { continue }
            let weight = fields.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            guard weight > 0, weight <= 1, let language = SiteLanguage(rawValue: String(tag.prefix { $0 != "-" })) else { continue }
            // Equal weights keep the browser's order.
            let adjusted = weight - Double(index) * 1e-6
            if best == nil || adjusted > best!.weight { best = (language, adjusted) }
        }
        return best?.language ?? .en
    }
}
