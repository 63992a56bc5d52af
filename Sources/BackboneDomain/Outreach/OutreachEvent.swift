import Foundation

/// How the initiative went out to residents.
public enum OutreachKind: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case listeningSession = "listening_session"
    case survey
    case communityMeeting = "community_meeting"
    case doorKnocking = "door_knocking"

    public static let catalogKey = "outreachKind"
}

/// Languages an event can be held in: those most spoken at home in the places initiatives serve.
/// Each is shown by its own name (`español`), so a resident finds theirs.
public enum OutreachLanguages {
    public static let codes = ["en", "es", "ar", "fr", "ht", "ko", "pt", "ru", "so", "tl", "vi", "zh"]

    public static func name(_ code: String) -> String {
        Locale(identifier: code).localizedString(forLanguageCode: code) ?? code
    }
}

/// How many people an event reached: by neighborhood (the total is their sum), and, where the
/// organizers counted them so, by the categories of the initiative's breakdowns.
public struct OutreachReach: Codable, Hashable, Sendable {
    /// Neighborhood → people, in the order typed.
    public var neighborhoods: [Entry]
    /// Breakdown key → category key → people; a breakdown's counts add up to at most the total.
    public var categories: [String: [String: Int]]

    public struct Entry: Codable, Hashable, Sendable {
        public let name: String
        public let people: Int

        public init(name: String, people: Int) {
            self.name = name
            self.people = people
        }
    }

    public init(neighborhoods: [Entry] = [], categories: [String: [String: Int]] = [:]) {
        self.neighborhoods = neighborhoods
        self.categories = categories
    }

    public var total: Int { neighborhoods.reduce(0) { $0 + $1.people } }

    /// People reached by one event in one place, at most: a stadium, not a typing slip of zeros.
    public static let largestCount = 1_000_000
    public static let mostNeighborhoods = 30
}

/// An outreach event as typed in a form or sent to the API, before it is checked against the
/// initiative (organizers, strategies and breakdowns are the initiative's).
public struct OutreachEventTerms: Sendable {
    public var title: String
    public var kind: String
    public var heldOn: String
    public var place: String
    public var languages: [String]
    public var note: String
    /// (neighborhood, people) as typed; rows with neither are ignored.
    public var reach: [(name: String, people: String)]
    /// "breakdown.category" → people as typed; empty ones are ignored.
    public var categories: [String: String]

    public init(title: String, kind: String, heldOn: String, place: String, languages: [String], note: String,
                reach: [(name: String, people: String)], categories: [String: String]) {
        self.title = title
        self.kind = kind
        self.heldOn = heldOn
        self.place = place
        self.languages = languages
        self.note = note
        self.reach = reach
        self.categories = categories
    }

    public struct Checked: Sendable {
        public let title: String
        public let kind: OutreachKind
        public let heldOn: CalendarDay
        public let place: String
        public let languages: [String]
        public let note: String
        public let reach: OutreachReach
    }

    /// A count typed by a person: digits only, 0 to ``OutreachReach/largestCount``.
    static func count(_ text: String) -> Int? {
        let text = text.trimmed
        guard (1...7).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text),
              value <= OutreachReach.largestCount else { return nil }
        return value
    }

    /// Every rule at once; `dimensions` are the initiative's breakdowns.
    public func checked(dimensions: [DisaggregationDimension]) throws -> Checked {
        var errors = FieldErrors()
        let title = title.trimmed, place = place.trimmed, note = note.trimmed
        if title.isEmpty { errors.add("title", Texts.current("error.outreachTitle")) }
        if title.count > 200 { errors.add("title", Texts.current("error.tooLongMostCharacters", ["limit": "200"])) }
        if place.isEmpty { errors.add("place", Texts.current("error.outreachPlace")) }
        if place.count > 120 { errors.add("place", Texts.current("error.tooLongMostCharacters", ["limit": "120"])) }
        if note.count > 2000 { errors.add("note", Texts.current("error.tooLongMostCharacters", ["limit": "2000"])) }
        errors.refuseNUL(["title": title, "place": place, "note": note])
        let kind = OutreachKind(rawValue: kind)
        if kind == nil { errors.add("kind", Texts.current("error.outreachKind")) }
        let day = CalendarDay(key: heldOn.trimmed)
        if day == nil { errors.add("heldOn", Texts.current("error.giveDayDateExample2")) }
        let languages = Array(Set(languages)).sorted()
        if languages.isEmpty || !languages.allSatisfy(OutreachLanguages.codes.contains) {
            errors.add("languages", Texts.current("error.outreachLanguages"))
        }
        var entries: [OutreachReach.Entry] = [], seen = Set<String>()
        let rows = reach.filter { !$0.name.trimmed.isEmpty || !$0.people.trimmed.isEmpty }
        if rows.count > OutreachReach.mostNeighborhoods { errors.add("reach", Texts.current("error.outreachTooManyPlaces", ["limit": "\(OutreachReach.mostNeighborhoods)"])) }
        for (index, row) in rows.prefix(OutreachReach.mostNeighborhoods).enumerated() {
            let name = row.name.trimmed
            guard !name.isEmpty, name.count <= 120, !name.unicodeScalars.contains("\u{0}") else {
                errors.add("reach.\(index).name", Texts.current("error.outreachPlace"))
                continue
            }
            guard seen.insert(name.lowercased()).inserted else { errors.add("reach.\(index).name", Texts.current("error.outreachPlaceTwice")); continue }
            guard let people = Self.count(row.people) else {
                errors.add("reach.\(index).people", Texts.current("error.outreachCount", ["limit": "1,000,000"]))
                continue
            }
            entries.append(.init(name: name, people: people))
        }
        let total = entries.reduce(0) { $0 + $1.people }
        var categories: [String: [String: Int]] = [:]
        for (field, text) in self.categories where !text.trimmed.isEmpty {
            let parts = field.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2, let dimension = dimensions.first(where: { $0.key == parts[0] }),
                  dimension.categories.contains(where: { $0.key == parts[1] }) else {
                errors.add("categories", Texts.current("error.outreachCategory"))
                continue
            }
            guard let people = Self.count(text) else {
                errors.add("category.\(field)", Texts.current("error.outreachCount", ["limit": "1,000,000"]))
                continue
            }
            categories[parts[0], default: [:]][parts[1]] = people
        }
        for (key, counts) in categories where counts.values.reduce(0, +) > total {
            let name = dimensions.first { $0.key == key }?.name ?? key
            errors.add("category.\(key)", Texts.current("error.outreachCategoriesOverTotal", ["breakdown": name, "total": "\(total)"]))
        }
        try errors.throwIfAny()
        return Checked(title: title, kind: kind!, heldOn: day!, place: place, languages: languages, note: note,
                       reach: OutreachReach(neighborhoods: entries, categories: categories))
    }
}
