import Foundation

/// What form a funder's support takes. In-kind and staff time are how partners themselves
/// contribute; they are valued in money so they can stand beside grants.
public enum CommitmentKind: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case grant
    case contract
    case inKind = "in_kind"
    case staffTime = "staff_time"

    public static let catalogKey = "commitmentKind"
}

/// Where a commitment stands, from a hope to money spent.
public enum CommitmentStatus: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case prospect
    case pledged
    case committed
    case received
    case ended

    public static let catalogKey = "commitmentStatus"

    /// Money the initiative can count on: committed in writing, received, or spent to its end.
    /// Prospects and pledges are shown apart, never as funding.
    public var isSecured: Bool { self == .committed || self == .received || self == .ended }

    /// Still running, so its end is worth a reminder.
    public var isLive: Bool { self == .pledged || self == .committed || self == .received }
}

/// What a commitment's money may be spent on.
public enum RestrictionKind: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case unrestricted
    case backbone
    case strategy
    case workingGroup = "working_group"
    case activity
    case partner

    public static let catalogKey = "restrictionKind"

    /// Whether the restriction names one thing of the initiative (its id).
    public var needsTarget: Bool { self != .unrestricted && self != .backbone }
}

/// A commitment as typed in a form or sent to the API, before it is checked against the
/// initiative (funder, strategies, indicators exist there).
public struct CommitmentTerms: Sendable, Equatable {
    public var title: String
    public var kind: String
    public var status: String
    public var currency: String
    public var amount: String
    public var startsOn: String
    public var endsOn: String
    public var restriction: String
    public var note: String

    public init(title: String, kind: String, status: String, currency: String, amount: String, startsOn: String, endsOn: String,
                restriction: String, note: String) {
        self.title = title
        self.kind = kind
        self.status = status
        self.currency = currency
        self.amount = amount
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.restriction = restriction
        self.note = note
    }

    /// The terms once every rule holds.
    public struct Checked: Sendable, Equatable {
        public let title: String
        public let kind: CommitmentKind
        public let status: CommitmentStatus
        public let amount: Money
        public let first: CalendarDay
        public let last: CalendarDay
        public let restriction: RestrictionKind
        public let note: String
    }

    /// Every rule that needs nothing but the terms, all at once (each under its field).
    public func checked() throws -> Checked {
        var errors = FieldErrors()
        let title = title.trimmed, note = note.trimmed
        if title.isEmpty { errors.add("title", Texts.current("error.commitmentTitle")) }
        if title.count > 200 { errors.add("title", Texts.current("error.tooLongMostCharacters", ["limit": "200"])) }
        if note.count > 2000 { errors.add("note", Texts.current("error.tooLongMostCharacters", ["limit": "2000"])) }
        errors.refuseNUL(["title": title, "note": note])
        let kind = CommitmentKind(rawValue: kind)
        if kind == nil { errors.add("kind", Texts.current("error.commitmentKind")) }
        let status = CommitmentStatus(rawValue: status)
        if status == nil { errors.add("status", Texts.current("error.commitmentStatus")) }
        let restriction = RestrictionKind(rawValue: restriction)
        if restriction == nil { errors.add("restriction", Texts.current("error.restrictionKind")) }
        let currency = Currency(code: currency)
        var money: Money?
        if currency == nil { errors.add("currency", Texts.current("error.currency")) }
        else if let currency {
            money = Money.parse(amount, currency: currency)
            if money == nil {
                errors.add("amount", Texts.current("error.amount", ["digits": "\(currency.minorDigits)", "example": Money(1_250_000 * currency.minorPerMajor, currency).plain]))
            }
        }
        let first = CalendarDay(key: startsOn.trimmed), last = CalendarDay(key: endsOn.trimmed)
        if first == nil { errors.add("startsOn", Texts.current("error.giveDayDateExample2")) }
        if last == nil { errors.add("endsOn", Texts.current("error.giveDayDateExample3")) }
        if let first, let last {
            if last < first { errors.add("endsOn", Texts.current("error.lastDayBeforeFirst", ["last": last.key, "first": first.key])) }
            else if ProRating.days(from: first, to: last) > FundingLimits.longestSpanDays { errors.add("endsOn", Texts.current("error.commitmentTooLong")) }
        }
        try errors.throwIfAny()
        return Checked(title: title, kind: kind!, status: status!, amount: money!, first: first!, last: last!, restriction: restriction!, note: note)
    }
}
