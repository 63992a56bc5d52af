import Foundation

/// Which partners to remind of which report: for each frequency a partner reports at, every
/// ended period that has not locked yet and is not submitted or approved: "due soon" in the
/// week before its due day, "overdue" after it until the period locks.
public enum ReportReminders {
    public enum Kind: String, Sendable { case dueSoon = "due_soon", overdue }

    public struct Reminder: Hashable, Sendable {
        public let organizationID: UUID
        public let period: ReportingPeriod
        public let kind: Kind
        public let dueDate: Date
    }

    public static let daysBefore = 7

    /// `reporting`: each partner's frequencies; `done`: (partner, period key) pairs already submitted or approved.
    public static func due(on today: Date, calendar: ReportingCalendar, reporting: [UUID: Set<Frequency>], done: Set<String>) -> [Reminder] {
        var reminders: [Reminder] = []
        for (organization, frequencies) in reporting {
            for frequency in frequencies {
                for period in candidates(on: today, calendar: calendar, frequency: frequency) where !done.contains(key(organization, period.key)) {
                    let due = calendar.dueDate(period)
                    let soon = ReportingPeriod.calendar.date(byAdding: .day, value: -daysBefore, to: due)!
                    switch calendar.state(of: period, on: today) {
                    case .open where calendar.wallClock(today) >= soon: reminders.append(Reminder(organizationID: organization, period: period, kind: .dueSoon, dueDate: due))
                    case .overdue: reminders.append(Reminder(organizationID: organization, period: period, kind: .overdue, dueDate: due))
                    default: break
                    }
                }
            }
        }
        return reminders.sorted { ($0.organizationID.uuidString, $0.period.key) < ($1.organizationID.uuidString, $1.period.key) }
    }

    /// Ended periods of `frequency` that have not locked on `today`, newest first.
    public static func candidates(on today: Date, calendar: ReportingCalendar, frequency: Frequency) -> [ReportingPeriod] {
        var periods: [ReportingPeriod] = []
        var period = ReportingPeriod.containing(calendar.wallClock(today), frequency: frequency).shifted(by: -1)
        while calendar.state(of: period, on: today) != .locked {
            periods.append(period)
            period = period.shifted(by: -1)
        }
        return periods
    }

    public static func key(_ organization: UUID, _ period: String) -> String { "\(organization.uuidString)/\(period)" }
}
