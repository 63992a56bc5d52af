import Foundation

/// A calendar day without a time or zone (`2026-03-31`): terms of office and activities start
/// and end on days, and a day typed in a form must not move when the server's zone differs.
/// Stored as its key, which sorts like the days themselves.
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses `YYYY-MM-DD` strictly (`Date.utcDay`): a day that does not exist (`2026-02-30`) is refused.
    public init?(key: String) {
        guard let date = Date.utcDay(key) else { return nil }
        self.init(containing: date)
        guard (1900...2200).contains(year) else { return nil }
    }

    /// The day the clocks of `zone` show at `date`: "today" for people of that place.
    public init(containing date: Date, in zone: TimeZone) {
        self.init(containing: date.addingTimeInterval(TimeInterval(zone.secondsFromGMT(for: date))))
    }

    /// The UTC day that contains `date`.
    public init(containing date: Date) {
        let parts = ReportingPeriod.calendar.dateComponents([.year, .month, .day], from: date)
        year = parts.year!
        month = parts.month!
        day = parts.day!
    }

    public var key: String { String(format: "%04d-%02d-%02d", year, month, day) }
    public var description: String { key }

    /// Midnight UTC at the start of the day.
    public var start: Date { ReportingPeriod.midnight(year: year, month: month, day: day) }

    /// The quarter the day falls in, as a reporting period (`2026-Q1`).
    public var quarter: ReportingPeriod { ReportingPeriod.containing(start, frequency: .quarterly) }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

}

/// A span of days with an optional end: a term of office, the life of an activity.
public struct DaySpan: Hashable, Sendable {
    public let start: CalendarDay
    public let end: CalendarDay?

    /// Reads a start and an optional end as typed; each problem is reported under its field name.
    /// An end before the start is refused: such a span means a typing mistake, never an intent.
    public static func parse(start: String, end: String, startField: String = "start", endField: String = "end") throws -> DaySpan {
        var errors = FieldErrors()
        let first = CalendarDay(key: start)
        if start.trimmed.isEmpty { errors.add(startField, Texts.current("error.giveFirstDay")) }
        else if first == nil { errors.add(startField, Texts.current("error.giveDayDateExample2")) }
        var last: CalendarDay?
        if !end.trimmed.isEmpty {
            last = CalendarDay(key: end)
            if last == nil { errors.add(endField, Texts.current("error.giveDayDateExample3")) }
        }
        if let first, let last, last < first {
            errors.add(endField, Texts.current("error.lastDayBeforeFirst", ["last": "\(last.key)", "first": "\(first.key)"]))
        }
        try errors.throwIfAny()
        return DaySpan(start: first!, end: last)
    }

    public init(start: CalendarDay, end: CalendarDay?) {
        self.start = start
        self.end = end
    }

    /// Whether `day` falls within the span (both ends included).
    public func contains(_ day: CalendarDay) -> Bool {
        start <= day && (end.map { day <= $0 } ?? true)
    }
}
