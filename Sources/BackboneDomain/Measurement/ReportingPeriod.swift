import Foundation

/// How often partners report an indicator.
public enum Frequency: String, Codable, Sendable, CaseIterable, Comparable {
    case monthly, quarterly, annual

    var months: Int {
        switch self {
        case .monthly: 1
        case .quarterly: 3
        case .annual: 12
        }
    }

    public static func < (lhs: Frequency, rhs: Frequency) -> Bool { lhs.months < rhs.months }
}

/// A calendar month, quarter or year, in UTC. `start` is the first day; `end` is the last day
/// (inclusive), both at midnight UTC.
public struct ReportingPeriod: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let frequency: Frequency
    public let year: Int
    /// 1-12 for months, 1-4 for quarters, 1 for years.
    public let index: Int

    public init?(frequency: Frequency, year: Int, index: Int) {
        let count = 12 / frequency.months
        guard (1...count).contains(index), (1900...2200).contains(year) else { return nil }
        self.frequency = frequency
        self.year = year
        self.index = index
    }

    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The period of this frequency that contains `date`.
    public static func containing(_ date: Date, frequency: Frequency) -> ReportingPeriod {
        let parts = calendar.dateComponents([.year, .month], from: date)
        let index = (parts.month! - 1) / frequency.months + 1
        return ReportingPeriod(frequency: frequency, year: parts.year!, index: index)!
    }

    private var firstMonth: Int { (index - 1) * frequency.months + 1 }

    /// Months since year 0, of the period's first month: periods are compared and shifted by it
    /// with integer arithmetic, because totals handle millions of periods and calendar calls are
    /// slow.
    private var monthNumber: Int { year * 12 + firstMonth - 1 }

    private init(monthNumber: Int, frequency: Frequency) {
        self.frequency = frequency
        year = monthNumber / 12
        index = (monthNumber % 12) / frequency.months + 1
    }

    public var start: Date { Self.midnight(year: year, month: firstMonth, day: 1) }

    /// The last day of the period.
    public var end: Date {
        let next = ReportingPeriod(monthNumber: monthNumber + frequency.months, frequency: .monthly)
        return Self.midnight(year: next.year, month: next.index, day: 1).addingTimeInterval(-86_400)
    }

    /// Midnight UTC of a day of the proleptic Gregorian calendar, counted from the Unix epoch
    /// (years are shifted to start in March, so that the leap day comes last).
    static func midnight(year: Int, month: Int, day: Int) -> Date {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Date(timeIntervalSince1970: Double(era * 146_097 + dayOfEra - 719_468) * 86_400)
    }

    public var next: ReportingPeriod { shifted(by: 1) }
    public var previous: ReportingPeriod { shifted(by: -1) }

    public func shifted(by steps: Int) -> ReportingPeriod {
        ReportingPeriod(monthNumber: monthNumber + steps * frequency.months, frequency: frequency)
    }

    /// How many periods of this frequency from this one to `other` (negative when `other` is
    /// earlier); both must have the same frequency.
    public func steps(to other: ReportingPeriod) -> Int { (other.monthNumber - monthNumber) / frequency.months }

    /// The shorter periods that make up this one (the months of a quarter, the quarters of a year).
    public func subPeriods(_ frequency: Frequency) -> [ReportingPeriod] {
        guard frequency <= self.frequency else { return [] }
        let first = ReportingPeriod(monthNumber: monthNumber, frequency: frequency)
        return (0..<(self.frequency.months / frequency.months)).map { first.shifted(by: $0) }
    }

    /// Whether `other` lies within this period: a month within its quarter, a period within itself.
    public func contains(_ other: ReportingPeriod) -> Bool { other.frequency <= frequency && other.within(frequency) == self }

    /// The longer period of `frequency` this one belongs to.
    public func within(_ frequency: Frequency) -> ReportingPeriod { ReportingPeriod(monthNumber: monthNumber, frequency: frequency) }

    /// A stable key such as `2026-03`, `2026-Q1` or `2026`: used in CSV files and the API.
    public var key: String {
        switch frequency {
        case .monthly: String(format: "%04d-%02d", year, index)
        case .quarterly: "\(year)-Q\(index)"
        case .annual: "\(year)"
        }
    }

    /// Parses a key made by `key`.
    public init?(key: String) {
        // Parsed by hand: totals parse millions of keys, and a regex costs far more.
        let bytes = Array(key.trimmed.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4) else { return nil }
        if bytes.count == 4 {
            self.init(frequency: .annual, year: year, index: 1)
        } else if bytes.count == 7, bytes[4] == UInt8(ascii: "-") {
            if bytes[5] == UInt8(ascii: "Q") || bytes[5] == UInt8(ascii: "q") {
                guard let quarter = number(6..<7) else { return nil }
                self.init(frequency: .quarterly, year: year, index: quarter)
            } else {
                guard let month = number(5..<7) else { return nil }
                self.init(frequency: .monthly, year: year, index: month)
            }
        } else {
            return nil
        }
    }

    /// How people read it: "March 2026", "Q1 2026", "2026".
    public var description: String {
        switch frequency {
        case .monthly:
            let names = ["January", "February", "March", "April", "May", "June", "July", "August",
                         "September", "October", "November", "December"]
            return "\(names[index - 1]) \(year)"
        case .quarterly: return "Q\(index) \(year)"
        case .annual: return "\(year)"
        }
    }

    /// For chart axes: "Mar 26", "Q1 26", "2026".
    public var shortLabel: String {
        let year = String(format: "%02d", self.year % 100)
        switch frequency {
        case .monthly: return "\(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][index - 1]) \(year)"
        case .quarterly: return "Q\(index) \(year)"
        case .annual: return "\(self.year)"
        }
    }

    public static func < (lhs: ReportingPeriod, rhs: ReportingPeriod) -> Bool {
        (lhs.monthNumber, lhs.frequency) < (rhs.monthNumber, rhs.frequency)
    }
}

/// When reports are due and when they lock, per initiative.
public struct ReportingCalendar: Sendable, Equatable {
    /// Reports are due this many days after a period ends.
    public var dueAfterDays: Int
    /// A period locks this many days after it ends; later changes need an exception.
    public var lockAfterDays: Int
    /// The initiative's time zone: a period is due, overdue and locked by the days of its clocks,
    /// so a report due on March 30 in Los Angeles is on time until midnight there, not in London.
    public var timeZone: TimeZone

    public init(dueAfterDays: Int = 30, lockAfterDays: Int = 90, timeZone: TimeZone = .gmt) {
        self.dueAfterDays = dueAfterDays
        self.lockAfterDays = max(lockAfterDays, dueAfterDays)
        self.timeZone = timeZone
    }

    /// `date` as the initiative's clocks show it, written as if it were UTC: periods, due and
    /// lock days are UTC midnights, so comparing with this compares by the initiative's days.
    public func wallClock(_ date: Date) -> Date {
        date.addingTimeInterval(TimeInterval(timeZone.secondsFromGMT(for: date)))
    }

    public func dueDate(_ period: ReportingPeriod) -> Date {
        ReportingPeriod.calendar.date(byAdding: .day, value: dueAfterDays, to: period.end)!
    }

    public func lockDate(_ period: ReportingPeriod) -> Date {
        ReportingPeriod.calendar.date(byAdding: .day, value: lockAfterDays, to: period.end)!
    }

    /// Due and lock dates are whole days: the due day itself is still on time.
    static func dayAfter(_ date: Date) -> Date {
        ReportingPeriod.calendar.date(byAdding: .day, value: 1, to: date)!
    }

    public enum State: String, Sendable { case notYetOpen = "not_yet_open", open, overdue, locked }

    /// A period can be reported from its first day (partners may draft as they go); it is due
    /// `dueAfterDays` after it ends and locks `lockAfterDays` after it ends.
    public func state(of period: ReportingPeriod, on moment: Date) -> State {
        let date = wallClock(moment)
        if date < period.start { return .notYetOpen }
        if date >= Self.dayAfter(lockDate(period)) { return .locked }
        if date >= Self.dayAfter(dueDate(period)) { return .overdue }
        return .open
    }
}
