import Foundation

/// When a meeting happens: a start and an end in a named time zone, as people type them.
public struct MeetingTime: Equatable, Sendable {
    public let start: Date
    public let end: Date
    public let timeZone: TimeZone

    public init(start: Date, end: Date, timeZone: TimeZone) {
        self.start = start
        self.end = end
        self.timeZone = timeZone
    }

    /// Reads a day (`2026-12-03`), a start and end time (`15:00`) and a zone identifier
    /// (`America/New_York`). A meeting ending before (or when) it starts is refused, as are
    /// unknown zones and times that do not exist.
    public static func parse(day: String, start: String, end: String, zone: String) throws -> MeetingTime {
        var errors = FieldErrors()
        let timeZone = TimeZone(identifier: zone.trimmed)
        if timeZone == nil || zone.trimmed.isEmpty { errors.add("timeZone", Texts.current("error.chooseTimeZoneFrom")) }
        let date = CalendarDay(key: day)
        if date == nil { errors.add("day", Texts.current("error.giveDayDateExample")) }
        let from = clock(start), to = clock(end)
        if from == nil { errors.add("startTime", Texts.current("error.giveStartTimeExample")) }
        if to == nil { errors.add("endTime", Texts.current("error.giveEndTimeExample")) }
        if let from, let to, to <= from { errors.add("endTime", Texts.current("error.meetingEndsBeforeStarts", ["end": "\(end.trimmed)", "start": "\(start.trimmed)"])) }
        try errors.throwIfAny()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone!
        func local(_ moment: Date) -> [Int] {
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: moment)
            return [parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0]
        }
        /// The moment the clocks on the wall show `minutes` after midnight of the day: none in a
        /// daylight-saving gap (refused), the earlier of two in an overlap (the clocks show it twice).
        func moment(_ minutes: Int, field: String, typed: String) -> Date? {
            let wanted = [date!.year, date!.month, date!.day, minutes / 60, minutes % 60]
            guard let candidate = calendar.date(from: DateComponents(year: wanted[0], month: wanted[1], day: wanted[2], hour: wanted[3], minute: wanted[4])),
                  local(candidate) == wanted else {
                errors.add(field, Texts.current("error.doesNotHappenOn", ["typed": "\(typed.trimmed)", "value": "\(day.trimmed)", "zone": "\(zone.trimmed)"]))
                return nil
            }
            let hourEarlier = candidate.addingTimeInterval(-3_600)
            return local(hourEarlier) == wanted ? hourEarlier : candidate
        }
        let startMoment = moment(from!, field: "startTime", typed: start), endMoment = moment(to!, field: "endTime", typed: end)
        try errors.throwIfAny()
        guard let startMoment, let endMoment, endMoment > startMoment else {
            throw FieldErrors("endTime", Texts.current("error.meetingEndsBeforeStarts", ["end": "\(end.trimmed)", "start": "\(start.trimmed)"]))
        }
        return MeetingTime(start: startMoment, end: endMoment, timeZone: timeZone!)
    }

    /// Minutes after midnight of `HH:MM`.
    static func clock(_ text: String) -> Int? {
        let parts = text.trimmed.split(separator: ":")
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        return hour * 60 + minute
    }

    /// The meeting's day and times in its own zone, as readers of the language write them:
    /// "Thu, Dec 3, 2026, 3:00 PM – 4:30 PM (America/New_York)", "jue, 3 dic 2026, 15:00 – 16:30 (America/New_York)".
    public func display(_ t: Texts) -> String {
        let day = start.formatted(Date.FormatStyle(date: .abbreviated, time: .omitted, locale: t.language.locale, timeZone: timeZone).weekday(.abbreviated))
        let clock = Date.FormatStyle(date: .omitted, time: .shortened, locale: t.language.locale, timeZone: timeZone)
        return "\(day), \(start.formatted(clock)) – \(end.formatted(clock)) (\(timeZone.identifier))"
    }

    /// The same in the language being worked in.
    public var display: String { display(.current) }

    /// The form's values for this time, to fill an edit form.
    public var fields: (day: String, start: String, end: String) {
        (Self.formatter("yyyy-MM-dd", timeZone).string(from: start), Self.formatter("HH:mm", timeZone).string(from: start),
         Self.formatter("HH:mm", timeZone).string(from: end))
    }

    static func formatter(_ format: String, _ zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = zone
        formatter.dateFormat = format
        return formatter
    }
}

/// Where an invited person stands for one meeting.
public enum AttendanceStatus: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case invited, accepted, declined, attended

    public static let catalogKey = "attendance"
}

/// Where an action item stands.
public enum ActionItemStatus: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case open
    case done
    case dropped

    public static let catalogKey = "actionItemStatus"
}

/// Which action items a meeting carries over: those raised at an earlier meeting of the same
/// body that were still open when this one started. Worked out from the items' own dates, so
/// nothing is copied and nothing can go stale: an item closed later still shows in the meetings
/// it was carried into before it was closed, and in none after.
public enum CarryOver {
    public struct Item: Sendable {
        public let id: UUID
        /// When the meeting that raised it started.
        public let raisedAt: Date
        /// When it was marked done or dropped; nil while open.
        public let closedAt: Date?

        public init(id: UUID, raisedAt: Date, closedAt: Date?) {
            self.id = id
            self.raisedAt = raisedAt
            self.closedAt = closedAt
        }
    }

    /// The ids of `items` (all raised in meetings of one body) carried into a meeting starting at `start`.
    public static func carried(into start: Date, from items: [Item]) -> [UUID] {
        items.filter { $0.raisedAt < start && ($0.closedAt.map { $0 > start } ?? true) }.map(\.id)
    }
}

/// A decision or an agenda item may point at the measures and plans it is about.
public enum LinkedKind: String, CaseIterable, Codable, Sendable {
    case indicator, strategy, activity
    /// Only the system links an item to a shared periodic assessment (when it is shared).
    case periodicAssessment = "periodic_assessment"
}
